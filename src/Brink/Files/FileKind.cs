using System.Runtime.InteropServices;

namespace Brink.Files;

/// <summary>What a path names on disk, after following symbolic links.</summary>
public enum FileKind
{
    /// <summary>Nothing there, a dangling link, or a path that cannot be looked at.</summary>
    Missing,
    /// <summary>A regular file.</summary>
    Regular,
    /// <summary>A directory.</summary>
    Directory,
    /// <summary>A FIFO (named pipe).</summary>
    Fifo,
    /// <summary>A character device such as /dev/zero.</summary>
    CharacterDevice,
    /// <summary>A block device.</summary>
    BlockDevice,
    /// <summary>A Unix domain socket.</summary>
    Socket,
    /// <summary>Any other kind the kernel reports.</summary>
    Other,
}

/// <summary>
/// Tells a regular file from a FIFO, a device or a socket without opening it (opening a FIFO blocks until a
/// writer appears; /dev/zero never ends). .NET reports all of these as "normal" files, so on Linux this asks the
/// kernel with <c>statx(2)</c>, whose record layout is the same on every architecture; elsewhere it falls back to
/// what .NET can see (directory or not).
/// </summary>
public static class FileKinds
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28; // struct statx: stx_mode (u16) after mask, blksize, attributes, nlink, uid, gid
    private static bool _statxMissing;

    /// <summary>The kind of file at <paramref name="path"/>, following symbolic links (a dangling link is <see cref="FileKind.Missing"/>).</summary>
    public static FileKind Of(string path)
    {
        if (OperatingSystem.IsLinux() && !_statxMissing)
        {
            var buffer = new byte[256];
            try
            {
                if (Statx(AtFdCwd, path, 0, StatxType, buffer) == 0)
                    return (BitConverter.ToUInt16(buffer, ModeOffset) & 0xF000) switch
                    {
                        0x8000 => FileKind.Regular,
                        0x4000 => FileKind.Directory,
                        0x1000 => FileKind.Fifo,
                        0x2000 => FileKind.CharacterDevice,
                        0x6000 => FileKind.BlockDevice,
                        0xC000 => FileKind.Socket,
                        _ => FileKind.Other,
                    };
                var errno = Marshal.GetLastPInvokeError();
                if (errno != 38) return FileKind.Missing; // ENOSYS: fall back below; ENOENT, EACCES, ELOOP…: nothing readable there
                _statxMissing = true;
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                _statxMissing = true;
            }
        }
        if (Directory.Exists(path)) return FileKind.Directory;
        return File.Exists(path) ? FileKind.Regular : FileKind.Missing;
    }

    /// <summary>"a directory", "a FIFO (named pipe)" …, for messages.</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "missing",
        FileKind.Regular => "a regular file",
        FileKind.Directory => "a directory",
        FileKind.Fifo => "a FIFO (named pipe)",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Socket => "a socket",
        _ => "not a regular file",
    };

    // A blittable byte[] is pinned, so the kernel writes straight into it.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
