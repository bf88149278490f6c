using System.IO.Compression;
using System.Text;

namespace PhiGuard.Sources.Tests.Live;

/// <summary>Reads snapshot bytes back as text, gunzipping when they start with the gzip magic.</summary>
internal static class SnapshotTestRead
{
    public static byte[] Bytes(byte[] data)
    {
        if (data.Length < 2 || data[0] != 0x1f || data[1] != 0x8b)
        {
            return data;
        }

        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    public static string Text(byte[] data) => Encoding.UTF8.GetString(Bytes(data));
}
