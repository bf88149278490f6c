using System.Buffers;

namespace PhiGuard.Sources.Manifests;

/// <summary>
/// A growable byte buffer that can be cut back to an earlier length, so a document that fails half-way through
/// conversion leaves no trace in the batch it was being written into.
/// </summary>
internal sealed class BatchBuffer : IBufferWriter<byte>
{
    private const int InitialSize = 256 * 1024;
    private byte[] data = new byte[InitialSize];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => data.AsSpan(0, Length);

    public void Advance(int count) => Length += count;

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return data.AsMemory(Length);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return data.AsSpan(Length);
    }

    public void Append(byte b)
    {
        Ensure(1);
        data[Length++] = b;
    }

    public void Truncate(int length) => Length = Math.Min(length, Length);

    /// <summary>Empties the buffer; drops an oversized array so one huge batch does not pin memory for the rest of the load.</summary>
    public void Clear()
    {
        Length = 0;
        if (data.Length > 8 * InitialSize * 4)
        {
            data = new byte[InitialSize];
        }
    }

    private void Ensure(int sizeHint)
    {
        var need = Length + Math.Max(sizeHint, 1);
        if (need > data.Length)
        {
            Array.Resize(ref data, Math.Max(need, (int)Math.Min(Array.MaxLength, (long)data.Length * 2)));
        }
    }
}
