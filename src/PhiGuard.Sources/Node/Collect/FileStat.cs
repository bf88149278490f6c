using System.Runtime.InteropServices;

namespace PhiGuard.Sources.Node.Collect;

/// <summary>A file's permission bits and numeric owner, read with <c>statx(2)</c> without following a final symlink.</summary>
internal sealed record FileStat(string Mode, int? Uid, int? Gid, long Size)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;

    /// <summary>The file's mode (octal, e.g. <c>0600</c>), owner and size; owner null where the platform cannot say.</summary>
    public static FileStat Of(string path)
    {
        var info = new FileInfo(path);
        var size = info.Exists ? info.Length : 0;
        var mode = OperatingSystem.IsWindows() ? "unknown" : "0" + Convert.ToString((int)File.GetUnixFileMode(path) & 0xfff, 8).PadLeft(3, '0');
        int? uid = null;
        int? gid = null;
        if (OperatingSystem.IsLinux())
        {
            // struct statx has the same layout on every Linux architecture (unlike struct stat), so a fixed buffer
            // with known offsets is safe: stx_uid at 20, stx_gid at 24.
            var buffer = new byte[256];
            try
            {
                if (NativeMethods.Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, buffer) == 0)
                {
                    uid = BitConverter.ToInt32(buffer, 20);
                    gid = BitConverter.ToInt32(buffer, 24);
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // An old libc without statx: the owner stays unknown rather than guessed.
            }
        }

        return new FileStat(mode, uid, gid, size);
    }

    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "statx", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int Statx(int dirfd, string path, int flags, uint mask, [Out] byte[] buffer);
    }
}
