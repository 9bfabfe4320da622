using Microsoft.Data.Sqlite;

namespace PolyMM.Ledger.Sqlite.Tests.Support;

/// <summary>A ledger file path in a fresh temp directory (real SQLite, no mocks), deleted on dispose.</summary>
internal sealed class TempLedger : IDisposable
{
    public TempLedger()
    {
        Directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "polymm-ledger-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Path = System.IO.Path.Combine(Directory, "trades.db");
    }

    public string Directory { get; }

    public string Path { get; }

    public LedgerStore Open(bool readOnly = false) => LedgerStore.Open(Path, readOnly);

    /// <summary>A plain connection to the file, for arranging states the store would never write.</summary>
    public SqliteConnection Raw()
    {
        var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        conn.Open();
        return conn;
    }

    /// <summary>
    /// Copies the database and its WAL as they are on disk right now, as a kill -9 would leave them,
    /// and returns the copy's path.
    /// </summary>
    public string CopyAsCrashed(string name)
    {
        var copy = System.IO.Path.Combine(Directory, name);
        File.Copy(Path, copy);
        if (File.Exists(Path + "-wal"))
        {
            File.Copy(Path + "-wal", copy + "-wal");
        }

        return copy;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test on cleanup.
        }
    }
}
