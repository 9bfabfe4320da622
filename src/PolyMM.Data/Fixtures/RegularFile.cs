using System.Runtime.InteropServices;
using System.Text;

namespace PolyMM.Data.Fixtures;

/// <summary>
/// Fixture files must be regular files (docs/design.md#fixture-format): a FIFO would block the open (and the
/// run) until something writes to it, a device never ends. Checked with <c>stat</c> before any open.
/// </summary>
internal static class RegularFile
{
    // The file-type bits of the runtime's own stat (System.Native's FileStatus.Mode, second int32 of the struct).
    private const int TypeMask = 0xF000;
    private const int Regular = 0x8000;
    private const int Directory = 0x4000;
    private const int Fifo = 0x1000;
    private const int CharDevice = 0x2000;
    private const int BlockDevice = 0x6000;
    private const int Socket = 0xC000;

    /// <summary>Throws a one-line <see cref="FixtureFormatException"/> naming <paramref name="path"/> unless it is a regular file (or missing).</summary>
    public static void Require(string path)
    {
        if (Kind(path) is { } kind)
        {
            throw new FixtureFormatException($"{path}: not a regular file ({kind}); fixture files must be regular files");
        }
    }

    /// <summary>What the path is when it exists and is not a regular file (symbolic links followed), else null.</summary>
    internal static string? Kind(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return System.IO.Directory.Exists(path) ? "a directory" : null;
        }

        var buffer = new byte[512]; // larger than any version of the struct
        var utf8 = Encoding.UTF8.GetBytes(path + "\0");
        if (Stat(utf8, buffer) != 0)
        {
            return null; // missing or unreadable: the open that follows says which
        }

        return (BitConverter.ToInt32(buffer, 4) & TypeMask) switch
        {
            Regular => null,
            Directory => "a directory",
            Fifo => "a FIFO (named pipe)",
            CharDevice => "a character device",
            BlockDevice => "a block device",
            Socket => "a socket",
            _ => "not a regular file",
        };
    }

    // DllImport, not LibraryImport: the source-generated form needs unsafe code, and byte[] marshals as is.
#pragma warning disable SYSLIB1054
    [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Stat(byte[] path, byte[] status);
#pragma warning restore SYSLIB1054
}
