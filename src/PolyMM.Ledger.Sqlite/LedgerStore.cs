using System.Reflection;
using Microsoft.Data.Sqlite;

namespace PolyMM.Ledger.Sqlite;

/// <summary>
/// The SQLite ledger file: schema creation and versioning, WAL, and run lifecycle. Every run has its
/// own key, portfolio row, lots and orders: runs sharing a file never share cash or inventory.
/// </summary>
public sealed class LedgerStore : IDisposable
{
    public const int SchemaVersion = 1;

    private LedgerStore(SqliteConnection connection, string path)
    {
        Connection = connection;
        Path = path;
    }

    public SqliteConnection Connection { get; }

    public string Path { get; }

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

        var cs = new SqliteConnectionStringBuilder
        {
            DataSource = path,
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
                Exec(conn, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
                EnsureSchema(conn);
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

        return new LedgerStore(conn, path);
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
                INSERT INTO runs (run_id, run_key, run_tag, status, data_mode, params, started_at, tool_version, bankroll)
                VALUES ($id, $key, $tag, 'running', $mode, $params, $started, $version, $bankroll);
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
        using var cmd = Connection.CreateCommand();
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
        using var cmd = Connection.CreateCommand();
        cmd.CommandText = "UPDATE runs SET status = $s WHERE run_id = $id";
        cmd.Parameters.AddWithValue("$s", status);
        cmd.Parameters.AddWithValue("$id", runId);
        cmd.ExecuteNonQuery();
    }

    public void Dispose() => Connection.Dispose();

    internal static void Exec(SqliteConnection conn, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static void EnsureSchema(SqliteConnection conn)
    {
        using var tx = conn.BeginTransaction();
        var version = ReadVersion(conn, tx);
        if (version > SchemaVersion)
        {
            throw new LedgerException($"database schema version {version} is newer than this tool's ({SchemaVersion}); upgrade mm");
        }

        if (version < SchemaVersion)
        {
            Exec(conn, LoadSchema(), tx);
            Exec(conn, $"DELETE FROM schema_info; INSERT INTO schema_info (version) VALUES ({SchemaVersion});", tx);
        }

        tx.Commit();
    }

    private static void CheckVersion(SqliteConnection conn, string path)
    {
        var version = ReadVersion(conn, null);
        if (version != SchemaVersion)
        {
            throw new LedgerException($"{path} is not a PolyMM ledger of schema version {SchemaVersion} (found {version})");
        }
    }

    private static long ReadVersion(SqliteConnection conn, SqliteTransaction? tx)
    {
        using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_info'";
        if (cmd.ExecuteScalar() is null)
        {
            return 0;
        }

        cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_info";
        return (long)cmd.ExecuteScalar()!;
    }

    private static string LoadSchema()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("PolyMM.Ledger.Sqlite.Schema.schema_v1.sql")
            ?? throw new InvalidOperationException("embedded schema_v1.sql missing");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
