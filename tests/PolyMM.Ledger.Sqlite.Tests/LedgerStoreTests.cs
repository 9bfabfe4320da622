using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Ledger.Sqlite.Tests.Support;

namespace PolyMM.Ledger.Sqlite.Tests;

public sealed class LedgerStoreTests : IDisposable
{
    private readonly TempLedger _db = new();

    public void Dispose() => _db.Dispose();

    private static RunStart Start(string runId, string tag, DateTimeOffset at, decimal bankroll = 1000m) =>
        new(runId, tag, "offline", "{}", at, "test", bankroll, [new MarketInfo("m1", "Market one", true, "market-one")]);

    [Fact]
    public void Open_NewFile_CreatesPrototypeTablesAndView()
    {
        using (_db.Open())
        {
        }

        using var raw = _db.Raw();
        var objects = Sql.Rows(raw, "SELECT type, name FROM sqlite_master WHERE type IN ('table','view') ORDER BY name")
            .Select(r => $"{r["type"]}:{r["name"]}").ToList();
        Assert.Equal(
            ["view:execution_records", "table:fill_samples", "table:fills", "table:market_making_rewards", "table:marks", "table:orders", "table:portfolio", "table:reward_samples", "table:run_markets", "table:runs",
             "table:schema_info", "table:ticks", "table:trades"],
            objects);
    }

    [Fact]
    public void Open_NewFile_RecordsSchemaVersion()
    {
        using (_db.Open())
        {
        }

        using var raw = _db.Raw();
        Assert.Equal([3L], Sql.Rows(raw, "SELECT version FROM schema_info").Select(r => (long)r["version"]!));
        Assert.Equal(3L, Sql.Scalar(raw, "PRAGMA user_version"));
        Assert.Equal(3, LedgerStore.SchemaVersion);
    }

    [Fact]
    public void Open_Reopen_IsIdempotentAndKeepsRuns()
    {
        using (var first = _db.Open())
        {
            first.CreateRun(Start("run-a", "T", ScenarioRun.T0));
        }

        using (_db.Open())
        {
        }

        using var store = _db.Open();
        Assert.Equal("run-a", Assert.Single(new LedgerReader(store).Runs()).RunId);
        Assert.Equal(1L, Sql.Count(store.Connection, "SELECT COUNT(*) FROM schema_info"));
    }

    [Fact]
    public void Open_NewFile_UsesWalJournal()
    {
        using var store = _db.Open();

        Assert.Equal("wal", Sql.Scalar(store.Connection, "PRAGMA journal_mode"));
        Assert.True(File.Exists(_db.Path + "-wal"));
    }

    [Fact]
    public void Open_NewerSchemaVersion_IsRefusedWithOneLine()
    {
        using (_db.Open())
        {
        }

        using (var raw = _db.Raw())
        {
            Sql.Scalar(raw, "UPDATE schema_info SET version = 4");
        }

        var e = Assert.Throws<LedgerException>(() => _db.Open());

        Assert.Equal("database schema version 4 is newer than this tool's (3); upgrade mm", e.Message);
    }

    [Fact]
    public void Open_ReadOnlyMissingFile_IsLedgerExceptionAndCreatesNothing()
    {
        var e = Assert.Throws<LedgerException>(() => _db.Open(readOnly: true));

        Assert.Equal($"database not found: {_db.Path}", e.Message);
        Assert.False(File.Exists(_db.Path));
    }

    [Fact]
    public void Open_ReadOnlyExistingLedger_ReadsRuns()
    {
        using (var w = _db.Open())
        {
            w.CreateRun(Start("run-a", "T", ScenarioRun.T0));
        }

        using var ro = _db.Open(readOnly: true);

        Assert.Equal("run-a", new LedgerReader(ro).Run("run-a")!.RunId);
    }

    [Fact]
    public void Open_ReadOnlyFileWithoutLedgerSchema_IsLedgerException()
    {
        using (var raw = _db.Raw())
        {
            Sql.Scalar(raw, "CREATE TABLE other (x INTEGER)");
        }

        var e = Assert.Throws<LedgerException>(() => _db.Open(readOnly: true));

        Assert.Equal($"{_db.Path} is not a PolyMM ledger of schema version 3 (found 0)", e.Message);
    }

    [Fact]
    public void Open_FileThatIsNotSqlite_IsOneLineLedgerException()
    {
        File.WriteAllText(_db.Path, new string('x', 4096));

        var e = Assert.Throws<LedgerException>(() => _db.Open());

        Assert.StartsWith($"cannot open database {_db.Path}: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Open_MissingParentDirectory_IsCreated()
    {
        var path = Path.Combine(_db.Directory, "a", "b", "trades.db");

        using (LedgerStore.Open(path))
        {
        }

        Assert.True(File.Exists(path));
    }

    [Fact]
    public void CreateRun_NewRun_WritesRunPortfolioRewardAndMarkets()
    {
        using var store = _db.Open();

        var key = store.CreateRun(Start("run-a", "BASELINE", ScenarioRun.T0, 250.5m));

        var reader = new LedgerReader(store);
        var run = reader.Run("run-a")!;
        Assert.Equal((key, "BASELINE", RunStatus.Running, "offline", 250.5m, "2026-02-06T02:09:28.000Z"),
            (run.RunKey, run.RunTag, run.Status, run.DataMode, run.Bankroll, run.StartedAt));
        Assert.Equal(new Core.Trust.PortfolioFact(250.5m, 250.5m, 250.5m, 0m, 0m, 0m), reader.Portfolio("run-a"));
        Assert.Equal([new MarketInfo("m1", "Market one", true, "market-one")], reader.Markets(key));
        var reward = Assert.Single(Sql.Rows(store.Connection, "SELECT market_id, reward_usd, reward_source FROM market_making_rewards WHERE run_id = 'run-a'"));
        Assert.Equal(("*", 0.0, "unknown"), ((string)reward["market_id"]!, (double)reward["reward_usd"]!, (string)reward["reward_source"]!));
    }

    [Fact]
    public void CreateRun_DuplicateRunId_IsRefusedAndLeavesTheFirstRunAlone()
    {
        using var store = _db.Open();
        var key = store.CreateRun(Start("run-a", "T", ScenarioRun.T0, 100m));

        var e = Assert.Throws<LedgerException>(() => store.CreateRun(Start("run-a", "OTHER", ScenarioRun.T0.AddDays(1), 999m)));

        Assert.Equal($"run id run-a already exists in {_db.Path}; choose another --run-id or --db", e.Message);
        var run = Assert.Single(new LedgerReader(store).Runs());
        Assert.Equal((key, "T", 100m), (run.RunKey, run.RunTag, run.Bankroll));
        Assert.Equal(1L, Sql.Count(store.Connection, "SELECT COUNT(*) FROM run_markets"));
    }

    [Fact]
    public void CreateRun_SecondRun_GetsTheNextKey()
    {
        using var store = _db.Open();

        var a = store.CreateRun(Start("run-a", "T", ScenarioRun.T0));
        var b = store.CreateRun(Start("run-b", "T", ScenarioRun.T0));

        Assert.Equal((1L, 2L), (a, b));
    }

    [Fact]
    public void LatestRunId_SeveralRunsOfATag_PicksTheNewestStart()
    {
        using var store = _db.Open();
        store.CreateRun(Start("mm-old", "MM", ScenarioRun.T0));
        store.CreateRun(Start("mm-new", "MM", ScenarioRun.T0.AddHours(2)));
        store.CreateRun(Start("mm-mid", "MM", ScenarioRun.T0.AddHours(1)));
        store.CreateRun(Start("base-newest", "BASELINE", ScenarioRun.T0.AddHours(5)));

        Assert.Equal("mm-new", store.LatestRunId("MM"));
        Assert.Equal("base-newest", store.LatestRunId("BASELINE"));
        Assert.Null(store.LatestRunId("NONE"));
    }

    [Fact]
    public void LatestRunId_SameStartTime_PicksTheLaterCreatedRun()
    {
        using var store = _db.Open();
        store.CreateRun(Start("first", "MM", ScenarioRun.T0));
        store.CreateRun(Start("second", "MM", ScenarioRun.T0));

        Assert.Equal("second", store.LatestRunId("MM"));
    }

    [Fact]
    public void SetStatus_Failed_ChangesOnlyThatRun()
    {
        using var store = _db.Open();
        store.CreateRun(Start("run-a", "T", ScenarioRun.T0));
        store.CreateRun(Start("run-b", "T", ScenarioRun.T0));

        store.SetStatus("run-a", RunStatus.Failed);

        var reader = new LedgerReader(store);
        Assert.Equal((RunStatus.Failed, RunStatus.Running), (reader.Run("run-a")!.Status, reader.Run("run-b")!.Status));
    }

    [Fact]
    public void SetStatus_UnknownValue_IsRejectedByTheSchema()
    {
        using var store = _db.Open();
        store.CreateRun(Start("run-a", "T", ScenarioRun.T0));

        Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => store.SetStatus("run-a", "done"));
    }

    [Fact]
    public void Open_ReadOnlyDirectoryCleanlyClosed_OpensImmutableAndReads()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // URI characters in the path must survive the immutable URI (docs/design.md#storage).
        var dir = System.IO.Path.Combine(_db.Directory, "media #1?%20");
        Directory.CreateDirectory(dir);
        var path = System.IO.Path.Combine(dir, "trades.db");
        using (var w = LedgerStore.Open(path))
        {
            w.CreateRun(Start("mm-20260101T000000-aaaaaa", "RO", DateTimeOffset.UnixEpoch));
        }

        Assert.False(File.Exists(path + "-wal"));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        try
        {
            using var r = LedgerStore.Open(path, readOnly: true);

            Assert.True(r.Immutable);
            Assert.Equal("mm-20260101T000000-aaaaaa", r.LatestRunId("RO"));
        }
        finally
        {
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void Open_ReadOnlyOnWritableDirectory_IsNotImmutable()
    {
        using (var w = _db.Open())
        {
            w.CreateRun(Start("mm-20260101T000000-aaaaaa", "RO", DateTimeOffset.UnixEpoch));
        }

        using var r = _db.Open(readOnly: true);

        Assert.False(r.Immutable);
    }

    [Fact]
    public void Open_SchemaVersionNotAnInteger_ThrowsLedgerExceptionNamingIt()
    {
        using (_db.Open())
        {
        }

        using (var raw = _db.Raw())
        {
            using var cmd = raw.CreateCommand();
            cmd.CommandText = "DELETE FROM schema_info; INSERT INTO schema_info (version) VALUES ('x1')";
            cmd.ExecuteNonQuery();
        }

        var e = Assert.Throws<LedgerException>(() => _db.Open());
        Assert.Contains("schema_info.version is not an integer", e.Message, StringComparison.Ordinal);
        Assert.Throws<LedgerException>(() => _db.Open(readOnly: true));
    }
}
