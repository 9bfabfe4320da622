namespace PolyMM.Reports.Output;

/// <summary>
/// Writes an output file (report, CSV, dashboard, export, debug bundle) to a temporary file in the same directory
/// and renames it into place (docs/design.md#atomic-outputs): a reader, a crash, a SIGTERM or a full disk sees the
/// previous file whole or the new file whole, never a half. A failed write removes its temporary file and throws
/// <see cref="OutputWriteException"/> naming the path.
/// </summary>
public static class AtomicFile
{
    // Temporary files being written; a process stopped mid-write (SIGTERM runs ProcessExit) removes them.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> Pending = new(StringComparer.Ordinal);

    static AtomicFile() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var temp in Pending.Keys)
        {
            TryDelete(temp);
        }
    };

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, which gets the temporary file's stream.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full) ?? throw new OutputWriteException(path, "no parent directory");
        // Hidden, same directory (same file system, so the rename is atomic), unique per writer.
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        Pending[temp] = 0;
        try
        {
            Directory.CreateDirectory(dir);
            RemoveStale(dir, Path.GetFileName(full));
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new OutputWriteException(path, e.Message, e);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        finally
        {
            Pending.TryRemove(temp, out _);
        }
    }

    /// <summary>Writes <paramref name="path"/> as UTF-8 text (no BOM) through <paramref name="write"/>.</summary>
    public static void WriteText(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 64 * 1024, leaveOpen: true);
            write(writer);
        });
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> as UTF-8 (no BOM).</summary>
    public static void WriteAllText(string path, string text) => WriteText(path, w => w.Write(text));

    /// <summary>
    /// Temporary siblings of this target left by a writer that was killed mid-write (its process is gone) are
    /// removed; those of a live process, a concurrent writer, are left alone. Linux only (/proc).
    /// </summary>
    private static void RemoveStale(string dir, string name)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        foreach (var stale in Directory.EnumerateFiles(dir, $".{name}.*.tmp"))
        {
            var rest = Path.GetFileName(stale).AsSpan(name.Length + 2);
            var dot = rest.IndexOf('.');
            if (dot > 0 && int.TryParse(rest[..dot], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
            {
                TryDelete(stale);
            }
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure is the one to report; a leftover hidden temp file is harmless.
        }
    }
}

/// <summary>An output file could not be written (disk full, permission, ...); the message names the path.</summary>
public sealed class OutputWriteException : IOException
{
    public OutputWriteException(string path, string reason, Exception? inner = null)
        : base($"cannot write {path}: {reason}", inner) => OutputPath = path;

    public OutputWriteException()
    {
        OutputPath = string.Empty;
    }

    public OutputWriteException(string message)
        : base(message) => OutputPath = string.Empty;

    public OutputWriteException(string message, Exception inner)
        : base(message, inner) => OutputPath = string.Empty;

    /// <summary>The file that could not be written.</summary>
    public string OutputPath { get; }
}
