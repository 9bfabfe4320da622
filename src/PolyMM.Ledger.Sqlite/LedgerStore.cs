using System.Reflection;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PolyMM.Ledger.Sqlite;

/// <summary>
/// The SQLite ledger file: schema creation and versioning, WAL, and run lifecycle. Every run has its
/// own key, portfolio row, lots and orders: runs sharing a file never share cash or inventory.
/// </summary>
public sealed class LedgerStore : IDisposable
{
    /// <summary>The schema this tool writes (docs/design.md#storage); kept in <c>schema_info</c> and <c>PRAGMA user_version</c>.</summary>
    public const int SchemaVersion = 3;

    private LedgerStore(SqliteConnection connection, string path, bool immutable)
    {
        Connection = connection;
        Path = path;
        Immutable = immutable;
    }

    public SqliteConnection Connection { get; }

    public string Path { get; }

    /// <summary>
    /// True when a read-only open found the file on read-only media (or without write permission) and cleanly closed
    /// (no write-ahead log), so it was opened <c>immutable</c>: SQLite then needs no <c>-shm</c> beside it.
    /// </summary>
    public bool Immutable { get; }

    /// <summary>Opens (creating if needed) the ledger at <paramref name="path"/>.</summary>
    public static LedgerStore Open(string path, bool readOnly = false)
    {
        if (readOnly && !File.Exists(path))
        {
            throw new LedgerException($"database not found: {path}");
        }

        var dir = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!readOnly && dir is not null && !Directory.Exists(dir))
        {
            Directory.CreateDirectory(dir);
        }

        var immutable = readOnly && OnReadOnlyMedia(path);
        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = immutable ? ImmutableUri(path) : path,
            Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
        var conn = new SqliteConnection(cs);
        try
        {
            conn.Open();
            Exec(conn, "PRAGMA busy_timeout = 30000;");
            if (!readOnly)
            {
                // A migration runs in the file's own journal mode, so a failed one leaves the file as it was to the
                // byte; WAL is switched on after it. Any other file is switched to WAL first.
                var migrating = ReadVersion(conn, null, path) is > 0 and < SchemaVersion;
                if (!migrating)
                {
                    Exec(conn, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
                }

                EnsureSchema(conn, path);
                if (migrating)
                {
                    Exec(conn, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
                }
            }
            else if (ReadVersion(conn, null, path) is > 0 and < SchemaVersion && !immutable)
            {
                // A read command on an older ledger migrates it once, with a writable connection (docs/design.md#schema-migration).
                conn.Dispose();
                using (Open(path))
                {
                }

                conn = new SqliteConnection(cs);
                conn.Open();
                Exec(conn, "PRAGMA busy_timeout = 30000;");
                CheckVersion(conn, path);
            }
            else
            {
                CheckVersion(conn, path);
            }
        }
        catch (SqliteException e)
        {
            conn.Dispose();
            throw new LedgerException($"cannot open database {path}: {e.Message}", e);
        }
        catch (LedgerException)
        {
            conn.Dispose();
            throw;
        }

        return new LedgerStore(conn, path, immutable);
    }

    /// <summary>
    /// Whether a ledger to be read cannot be written here (a read-only file or directory, e.g. read-only media) and has
    /// no write-ahead log to replay: then the only way SQLite can read it is as immutable (docs/design.md#storage).
    /// A file with a non-empty <c>-wal</c> is never opened immutable (that would ignore its last commits).
    /// </summary>
    internal static bool OnReadOnlyMedia(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var wal = new FileInfo(full + "-wal");
        if (wal.Exists && wal.Length > 0)
        {
            return false;
        }

        var dir = System.IO.Path.GetDirectoryName(full) ?? full;
        return !Writable(full, UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)
            || !Writable(dir, UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)
            || !CanOpenForWrite(full);
    }

    private static bool Writable(string path, UnixFileMode writeBits) =>
        OperatingSystem.IsWindows() ? !File.GetAttributes(path).HasFlag(FileAttributes.ReadOnly) : (File.GetUnixFileMode(path) & writeBits) != 0;

    /// <summary>Opens the file for writing without writing (fails on a read-only mount even as root).</summary>
    private static bool CanOpenForWrite(string path)
    {
        try
        {
            using var _ = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>An SQLite URI for <paramref name="path"/> with <c>immutable=1</c>; '%', '?' and '#' escaped.</summary>
    internal static string ImmutableUri(string path)
    {
        var full = System.IO.Path.GetFullPath(path).Replace('\\', '/');
        var escaped = full.Replace("%", "%25", StringComparison.Ordinal).Replace("?", "%3f", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal);
        return "file:" + (escaped.StartsWith('/') ? escaped : "/" + escaped) + "?immutable=1";
    }

    /// <summary>Inserts the run's rows (runs, run_markets, portfolio, rewards placeholder) and returns its key.</summary>
    public long CreateRun(RunStart run)
    {
        using var tx = Connection.BeginTransaction();
        using (var exists = Connection.CreateCommand())
        {
            exists.Transaction = tx;
            exists.CommandText = "SELECT 1 FROM runs WHERE run_id = $id";
            exists.Parameters.AddWithValue("$id", run.RunId);
            if (exists.ExecuteScalar() is not null)
            {
                throw new LedgerException($"run id {run.RunId} already exists in {Path}; choose another --run-id or --db");
            }
        }

        long key;
        using (var next = Connection.CreateCommand())
        {
            next.Transaction = tx;
            next.CommandText = "SELECT COALESCE(MAX(run_key), 0) + 1 FROM runs";
            key = (long)next.ExecuteScalar()!;
        }

        using (var cmd = Connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO runs (run_id, run_key, run_tag, status, data_mode, params, started_at, tool_version, bankroll,
                                  heartbeat_at, writer_pid, writer_host)
                VALUES ($id, $key, $tag, 'running', $mode, $params, $started, $version, $bankroll, $started, $pid, $host);
                INSERT INTO portfolio (run_id, bankroll, cash, total_value, realized, unrealized, fees, updated_at)
                VALUES ($id, $bankroll, $bankroll, $bankroll, 0, 0, 0, $started);
                INSERT INTO market_making_rewards (run_id, run_tag, market_id, reward_usd, reward_source, timestamp)
                VALUES ($id, $tag, '*', 0, 'unknown', $started);
                """;
            cmd.Parameters.AddWithValue("$id", run.RunId);
            cmd.Parameters.AddWithValue("$key", key);
            cmd.Parameters.AddWithValue("$tag", run.RunTag);
            cmd.Parameters.AddWithValue("$mode", run.DataMode);
            cmd.Parameters.AddWithValue("$params", run.ParamsJson);
            cmd.Parameters.AddWithValue("$started", SqlValues.Iso(run.StartedAt));
            cmd.Parameters.AddWithValue("$version", run.ToolVersion);
            cmd.Parameters.AddWithValue("$bankroll", (double)run.Bankroll);
            cmd.Parameters.AddWithValue("$pid", (long)Environment.ProcessId);
            cmd.Parameters.AddWithValue("$host", Environment.MachineName);
            cmd.ExecuteNonQuery();
        }

        using (var m = Connection.CreateCommand())
        {
            m.Transaction = tx;
            m.CommandText = "INSERT INTO run_markets (run_key, idx, market_id, title, slug) VALUES ($k, $i, $id, $t, $s)";
            var pk = SqlValues.Add(m, "$k");
            var pi = SqlValues.Add(m, "$i");
            var pid = SqlValues.Add(m, "$id");
            var pt = SqlValues.Add(m, "$t");
            var ps = SqlValues.Add(m, "$s");
            for (var i = 0; i < run.Markets.Count; i++)
            {
                pk.Value = key;
                pi.Value = i;
                pid.Value = run.Markets[i].Id;
                pt.Value = SqlValues.Text(run.Markets[i].Title);
                ps.Value = SqlValues.Text(run.Markets[i].Slug);
                m.ExecuteNonQuery();
            }
        }

        tx.Commit();
        return key;
    }

    /// <summary>The latest run id with this tag (by start time), or null.</summary>
    /// <summary>The newest run of <paramref name="runTag"/>; with <paramref name="status"/>, the newest with that status.</summary>
    public string? LatestRunId(string runTag, string? status = null)
    {
        using var cmd = Command();
        cmd.CommandText = """
            SELECT run_id FROM runs WHERE run_tag = $tag AND ($status IS NULL OR status = $status)
            ORDER BY started_at DESC, run_key DESC LIMIT 1
            """;
        cmd.Parameters.AddWithValue("$tag", runTag);
        cmd.Parameters.AddWithValue("$status", (object?)status ?? DBNull.Value);
        return cmd.ExecuteScalar() as string;
    }

    public void SetStatus(string runId, string status)
    {
        using var cmd = Command();
        cmd.CommandText = "UPDATE runs SET status = $s WHERE run_id = $id";
        cmd.Parameters.AddWithValue("$s", status);
        cmd.Parameters.AddWithValue("$id", runId);
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// Marks a run <c>failed</c> if it is still <c>running</c> (a start or run that threw); never throws, so the
    /// original error is what the user sees.
    /// </summary>
    public void MarkFailedIfRunning(string runId)
    {
        try
        {
            using var cmd = Command();
            cmd.CommandText = "UPDATE runs SET status = 'failed' WHERE run_id = $id AND status = 'running'";
            cmd.Parameters.AddWithValue("$id", runId);
            cmd.ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // The database itself is failing; the error being reported says more than this one would.
        }
    }

    public void Dispose() => Connection.Dispose();

    /// <summary>The transaction of the open snapshot, if any: every command of this store runs inside it.</summary>
    internal SqliteTransaction? Transaction { get; private set; }

    /// <summary>A command on this store's connection, inside its open snapshot if there is one.</summary>
    public SqliteCommand Command()
    {
        var cmd = Connection.CreateCommand();
        cmd.Transaction = Transaction;
        return cmd;
    }

    /// <summary>
    /// Opens one read transaction: until it is disposed every read of this store sees the database as of one commit,
    /// whatever a live run writes meanwhile (docs/design.md#consistent-reads). Nested calls share the outer one.
    /// </summary>
    public LedgerSnapshot ReadSnapshot() => Begin(deferred: true);

    /// <summary>
    /// A second read-only store on the same file, inside a read transaction on exactly the commit this store's open
    /// read snapshot sees, so another thread can read the same state on its own connection
    /// (docs/design.md#consistent-reads); its transaction ends when it is disposed. In WAL mode the state is handed over
    /// with <c>sqlite3_snapshot_get/open</c>; when the log holds no transaction yet (a finished run's file, reopened), no
    /// snapshot can be taken, but then this store reads the main file alone and no checkpoint can change it while it
    /// does, so the sibling is checked to see no transaction either. Null without an open snapshot here, outside WAL
    /// mode, or when a commit came in between.
    /// </summary>
    public LedgerStore? OpenSibling()
    {
        if (Transaction is null || Connection.Handle is not { } db)
        {
            return null;
        }

        sqlite3_snapshot? snap = null;
        LedgerStore? sibling = null;
        SqliteTransaction? tx = null;
        try
        {
            if (!Immutable && !IsWal(Connection, Transaction))
            {
                return null;
            }

            var handover = !Immutable && raw.sqlite3_snapshot_get(db, "main", out snap) == raw.SQLITE_OK;
            sibling = Open(Path, readOnly: true);
            tx = sibling.Connection.BeginTransaction(deferred: true);
            if (handover && raw.sqlite3_snapshot_open(sibling.Connection.Handle!, "main", snap) != raw.SQLITE_OK)
            {
                return null;
            }

            sibling.Transaction = tx;
            tx = null;
            sibling.TouchSnapshot();
            if (!handover && !Immutable && SeesLoggedCommit(sibling.Connection.Handle!))
            {
                return null;
            }

            var opened = sibling;
            sibling = null;
            return opened;
        }
        catch (LedgerException)
        {
            return null;
        }
        finally
        {
            tx?.Dispose();
            sibling?.Dispose();
            snap?.Dispose();
        }
    }

    private static bool IsWal(SqliteConnection conn, SqliteTransaction tx)
    {
        using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "PRAGMA journal_mode";
        return string.Equals(cmd.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Whether the read transaction of <paramref name="db"/> sees a transaction in the write-ahead log.</summary>
    private static bool SeesLoggedCommit(sqlite3 db)
    {
        var rc = raw.sqlite3_snapshot_get(db, "main", out var probe);
        probe?.Dispose();
        return rc == raw.SQLITE_OK;
    }

    /// <summary>The first read of an open deferred transaction, which fixes the commit it sees.</summary>
    private void TouchSnapshot()
    {
        using var cmd = Command();
        cmd.CommandText = "SELECT COUNT(*) FROM schema_info";
        cmd.ExecuteScalar();
    }

    /// <summary>One write transaction taken at once (BEGIN IMMEDIATE): reads and writes inside it see one state.</summary>
    public LedgerSnapshot WriteSnapshot() => Begin(deferred: false);

    private LedgerSnapshot Begin(bool deferred)
    {
        if (Transaction is not null)
        {
            return new LedgerSnapshot(this, null);
        }

        Transaction = Connection.BeginTransaction(deferred);
        // A deferred transaction takes its snapshot at its first read: read now, so the snapshot is this instant's.
        TouchSnapshot();

        return new LedgerSnapshot(this, Transaction);
    }

    internal void EndSnapshot(SqliteTransaction tx, bool commit)
    {
        if (commit)
        {
            tx.Commit();
        }

        tx.Dispose();
        Transaction = null;
    }

    internal static void Exec(SqliteConnection conn, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>
    /// Creates the schema of a new file, or migrates an older one in place, in ONE transaction: a failure anywhere
    /// rolls the file back to what it was (docs/design.md#schema-migration). A newer file is refused.
    /// </summary>
    private static void EnsureSchema(SqliteConnection conn, string path)
    {
        // A current file needs no write lock (a live run's writer may hold it between its commits).
        if (ReadVersion(conn, null, path) == SchemaVersion)
        {
            return;
        }

        using var tx = conn.BeginTransaction();
        var version = ReadVersion(conn, tx, path);
        if (version > SchemaVersion)
        {
            throw new LedgerException($"database schema version {version} is newer than this tool's ({SchemaVersion}); upgrade mm");
        }

        if (version < SchemaVersion)
        {
            // v1 -> v2 rebuilds orders and fills; the current schema file then creates them (with v3's columns) and
            // whatever else is new. v2 -> v3 only adds a column to fills before the schema file adds reward_samples.
            if (version == 1)
            {
                Exec(conn, LoadSql("migrate_v1_v2.sql"), tx);
                MigrationStep?.Invoke("v1_v2_altered");
            }
            else if (version == 2)
            {
                Exec(conn, LoadSql("migrate_v2_v3.sql"), tx);
                MigrationStep?.Invoke("v2_v3_altered");
            }

            Exec(conn, LoadSql("schema_v3.sql"), tx);
            if (version == 1)
            {
                Exec(conn, LoadSql("migrate_v1_v2_copy.sql"), tx);
                MigrationStep?.Invoke("v1_v2_copied");
            }
            else if (version == 2)
            {
                MigrationStep?.Invoke("v2_v3_created");
            }

            Exec(conn, $"DELETE FROM schema_info; INSERT INTO schema_info (version) VALUES ({SchemaVersion}); PRAGMA user_version = {SchemaVersion};", tx);
        }

        tx.Commit();
    }

    /// <summary>Test hook: called inside the migration transaction after each step (a throw there must roll it all back).</summary>
    internal static Action<string>? MigrationStep { get; set; }

    private static void CheckVersion(SqliteConnection conn, string path)
    {
        var version = ReadVersion(conn, null, path);
        if (version != SchemaVersion)
        {
            throw version == 0
                ? new LedgerException($"{path} is not a PolyMM ledger of schema version {SchemaVersion} (found 0)")
                : version > SchemaVersion
                ? new LedgerException($"database schema version {version} is newer than this tool's ({SchemaVersion}); upgrade mm")
                : new LedgerException($"{path} is a PolyMM ledger of schema version {version} on read-only media; copy it somewhere writable once so mm can migrate it to {SchemaVersion}");
        }
    }

    /// <summary>The schema version recorded in <c>schema_info</c>; a non-integer there is a damaged or tampered file.</summary>
    private static long ReadVersion(SqliteConnection conn, SqliteTransaction? tx, string path)
    {
        using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "PRAGMA user_version";
        var userVersion = Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_info'";
        if (cmd.ExecuteScalar() is null)
        {
            return userVersion;
        }

        cmd.CommandText = "SELECT COUNT(*), COUNT(*) FILTER (WHERE typeof(version) <> 'integer'), MAX(version) FROM schema_info";
        using var r = cmd.ExecuteReader();
        r.Read();
        if (r.GetInt64(1) > 0)
        {
            throw new LedgerException($"{path}: schema_info.version is not an integer (the file is damaged or was edited); not a readable PolyMM ledger");
        }

        var recorded = r.GetInt64(0) == 0 ? 0 : r.GetInt64(2);

        // Schema v1 left user_version at 0; from v2 on both say the same, so a disagreement is an edited file (a newer
        // number in either is a newer tool's file, refused as such).
        return Math.Max(recorded, userVersion) <= SchemaVersion && userVersion != 0 && userVersion != recorded
            ? throw new LedgerException($"{path}: schema_info.version is {recorded} but PRAGMA user_version is {userVersion} (the file is damaged or was edited); not a readable PolyMM ledger")
            : Math.Max(recorded, userVersion);
    }

    private static string LoadSql(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("PolyMM.Ledger.Sqlite.Schema." + name)
            ?? throw new InvalidOperationException($"embedded {name} missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
