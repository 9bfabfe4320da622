namespace PolyMM.Cli.Running;

/// <summary>
/// The one place every command checks where it will write, before any work starts: a file flag must not name a
/// directory, a directory flag must not name a file, the parent directory must exist (unless it is a default
/// location the command creates), and no output may be the ledger (or its <c>-wal</c>/<c>-shm</c>), an input file,
/// or another output of the same command. The first problem is one line naming the flag and the path (exit 2).
/// </summary>
internal sealed class OutputPaths
{
    private readonly List<(string Flag, string FullPath)> _inputs = [];
    private readonly List<(string Flag, string FullPath)> _outputs = [];
    private readonly List<string> _problems = [];
    private readonly List<string> _databases = [];

    /// <summary>A file the command reads; outputs must not overwrite it.</summary>
    public OutputPaths Input(string flag, string? path)
    {
        if (!string.IsNullOrEmpty(path))
        {
            _inputs.Add((flag, Path.GetFullPath(path)));
        }

        return this;
    }

    /// <summary>The SQLite ledger a command reads: the file and its <c>-wal</c>/<c>-shm</c> companions are inputs.</summary>
    public OutputPaths InputDb(string flag, string path)
    {
        if (Directory.Exists(path))
        {
            return Problem($"{flag}: {path} is a directory; expected the SQLite ledger file");
        }

        foreach (var p in DbFiles(path))
        {
            Input(flag, p);
        }

        return this;
    }

    /// <summary>The SQLite ledger a command writes: a file whose parent must exist; its companions are claimed too.</summary>
    public OutputPaths OutputDb(string flag, string path)
    {
        File(flag, path, createParent: false, mayBeDatabase: true);
        foreach (var p in DbFiles(path).Skip(1))
        {
            _outputs.Add((flag, Path.GetFullPath(p)));
        }

        return this;
    }

    /// <summary>
    /// A file the command writes. <paramref name="createParent"/> is for default locations (under the reports
    /// directory) that the command creates itself; an explicit path needs an existing parent directory.
    /// </summary>
    public OutputPaths File(string flag, string? path, bool createParent = false) => File(flag, path, createParent, mayBeDatabase: false);

    private OutputPaths File(string flag, string? path, bool createParent, bool mayBeDatabase)
    {
        if (string.IsNullOrEmpty(path))
        {
            return this;
        }

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            return Problem($"{flag}: {path} is a directory; expected a file path");
        }

        // A report, CSV or dashboard never replaces a SQLite database, even one the command was not given
        // (mm dashboard has no --db): the file's header decides (docs/design.md#output-paths).
        if (!mayBeDatabase && IsSqliteDatabase(full))
        {
            _databases.Add($"{flag}: {path} is a SQLite database; choose another output path");
        }

        CheckParent(flag, path, full, createParent);
        _outputs.Add((flag, full));
        return this;
    }

    /// <summary>A directory the command writes into (and creates); its parent must exist.</summary>
    public OutputPaths Dir(string flag, string? path, bool createParent = false)
    {
        if (string.IsNullOrEmpty(path))
        {
            return this;
        }

        var full = Path.GetFullPath(path);
        if (System.IO.File.Exists(full))
        {
            return Problem($"{flag}: {path} is a file; expected a directory");
        }

        if (!Directory.Exists(full))
        {
            CheckParent(flag, path, full, createParent);
        }

        return this;
    }

    /// <summary>Throws a <see cref="SettingsException"/> with the first problem found, if any.</summary>
    public void Check()
    {
        if (_problems.Count > 0)
        {
            throw new SettingsException(_problems[0]);
        }

        for (var i = 0; i < _outputs.Count; i++)
        {
            var (flag, full) = _outputs[i];
            foreach (var (inFlag, inFull) in _inputs)
            {
                if (Same(full, inFull))
                {
                    throw new SettingsException($"{flag}: {full} is also the {inFlag} input; choose another output path");
                }
            }

            for (var j = 0; j < i; j++)
            {
                if (Same(full, _outputs[j].FullPath) && _outputs[j].Flag != flag)
                {
                    throw new SettingsException($"{flag}: {full} is also the {_outputs[j].Flag} output; choose another path");
                }
            }
        }

        // Checked after the inputs, so an output that is the --db input says so first.
        if (_databases.Count > 0)
        {
            throw new SettingsException(_databases[0]);
        }
    }

    /// <summary>Creates the parent directory of an output file (after <see cref="Check"/> passed).</summary>
    public static void CreateParent(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir)
        {
            Directory.CreateDirectory(dir);
        }
    }

    private static bool IsSqliteDatabase(string full)
    {
        ReadOnlySpan<byte> magic = "SQLite format 3\0"u8;
        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (!stream.CanSeek || stream.Length < magic.Length)
            {
                return false;
            }

            Span<byte> head = stackalloc byte[16];
            stream.ReadExactly(head);
            return head.SequenceEqual(magic);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static IEnumerable<string> DbFiles(string path) => [path, path + "-wal", path + "-shm", path + "-journal"];

    private static bool Same(string a, string b) =>
        string.Equals(a.TrimEnd(Path.DirectorySeparatorChar), b.TrimEnd(Path.DirectorySeparatorChar), OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);

    private void CheckParent(string flag, string path, string full, bool createParent)
    {
        var parent = Path.GetDirectoryName(full);
        if (parent is null || Directory.Exists(parent))
        {
            return;
        }

        // The nearest ancestor that exists must be a directory, whether or not the rest will be created.
        var ancestor = parent;
        while (ancestor is not null && !Directory.Exists(ancestor))
        {
            if (System.IO.File.Exists(ancestor))
            {
                Problem($"{flag}: {path}: {ancestor} is a file, not a directory");
                return;
            }

            ancestor = Path.GetDirectoryName(ancestor);
        }

        if (!createParent)
        {
            Problem($"{flag}: {path}: directory {parent} does not exist");
        }
    }

    private OutputPaths Problem(string message)
    {
        _problems.Add(message);
        return this;
    }
}
