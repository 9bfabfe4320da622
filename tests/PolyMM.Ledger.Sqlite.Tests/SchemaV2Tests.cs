using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;
using PolyMM.Ledger.Sqlite.Tests.Support;

namespace PolyMM.Ledger.Sqlite.Tests;

/// <summary>Schema v2: the v1 migration, several fills per order, upserted orders, and finalize of a killed run.</summary>
public sealed class SchemaV2Tests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempLedger _db = new();

    public void Dispose() => _db.Dispose();

    /// <summary>The schema v1 ledger written at e317209 (see Fixtures/README.md).</summary>
    internal static string V1Fixture
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PolyMM.slnx")))
            {
                dir = dir.Parent;
            }

            return Path.Combine(dir!.FullName, "tests", "PolyMM.Ledger.Sqlite.Tests", "Fixtures", "ledger_v1.db");
        }
    }

    [Fact]
    public void Open_V1Fixture_MigratesInPlaceKeepingEveryRow()
    {
        File.Copy(V1Fixture, _db.Path);
        long orders, fills, lots;
        using (var raw = _db.Raw())
        {
            orders = Sql.Count(raw, "SELECT COUNT(*) FROM orders");
            fills = Sql.Count(raw, "SELECT COUNT(*) FROM fills");
            lots = Sql.Count(raw, "SELECT COUNT(*) FROM trades");
        }

        using var store = _db.Open();
        var c = store.Connection;

        Assert.Equal((3L, 3L), ((long)Sql.Scalar(c, "SELECT version FROM schema_info")!, (long)Sql.Scalar(c, "PRAGMA user_version")!));
        Assert.Equal((orders, fills, lots), (Sql.Count(c, "SELECT COUNT(*) FROM orders"), Sql.Count(c, "SELECT COUNT(*) FROM fills"), Sql.Count(c, "SELECT COUNT(*) FROM trades")));
        // Every v1 fill became the fill whose id is its order's seq; its order has fill_count 1 and filled_qty = qty.
        Assert.Equal(0L, Sql.Count(c, "SELECT COUNT(*) FROM fills WHERE fill_id <> seq OR is_maker <> 1"));
        Assert.Equal(fills, Sql.Count(c, "SELECT COUNT(*) FROM orders o WHERE fill_count = 1 AND filled_qty = qty AND EXISTS (SELECT 1 FROM fills f WHERE f.run_key = o.run_key AND f.seq = o.seq)"));
        Assert.Equal(0L, Sql.Count(c, "SELECT COUNT(*) FROM orders WHERE live_us <> sent_us"));
        Assert.Equal(0L, Sql.Count(c, "SELECT COUNT(*) FROM trades WHERE entry_fee_usd <> fees_usd OR exit_fee_usd <> 0"));
        Assert.Equal((orders, fills), (Sql.Count(c, "SELECT COUNT(*) FROM execution_records"), Sql.Count(c, "SELECT SUM(fill_count) FROM execution_records")));
    }

    [Fact]
    public void Open_MigrationFailsMidway_LeavesV1FileByteIdentical()
    {
        File.Copy(V1Fixture, _db.Path);
        var before = SHA256.HashData(File.ReadAllBytes(_db.Path));
        LedgerStore.MigrationStep = step =>
        {
            if (step == "v1_v2_copied")
            {
                throw new LedgerException($"injected failure after {step}");
            }
        };
        try
        {
            var e = Assert.Throws<LedgerException>(() => _db.Open());
            Assert.Contains("v1_v2_copied", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            LedgerStore.MigrationStep = null;
        }

        Assert.Equal(Convert.ToHexString(before), Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(_db.Path))));
        Assert.False(File.Exists(_db.Path + "-journal"));

        // And the untouched file still migrates afterwards.
        using var store = _db.Open();
        Assert.Equal(3L, (long)Sql.Scalar(store.Connection, "SELECT version FROM schema_info")!);
    }

    [Fact]
    public void Open_UserVersionNewerThanTool_IsRefusedWithOneLine()
    {
        using (_db.Open())
        {
        }

        using (var raw = _db.Raw())
        {
            using var cmd = raw.CreateCommand();
            cmd.CommandText = "PRAGMA user_version = 4";
            cmd.ExecuteNonQuery();
        }

        var e = Assert.Throws<LedgerException>(() => _db.Open());
        Assert.Equal("database schema version 4 is newer than this tool's (3); upgrade mm", e.Message);
    }

    [Fact]
    public void Sink_PartialThenFullFill_OneOrderRowTwoFillRows()
    {
        using var store = _db.Open();
        var (key, writer) = Start(store, "run-p");
        using (writer)
        {
            var accepted = Order(1, OrderStatus.Open, 0m, 0, null);
            writer.OnOrder(in accepted);
            writer.OnFill(Fill(1, 1, 3, 60m, 0.00576m));
            writer.OnOrder(Order(1, OrderStatus.PartiallyFilled, 60m, 1, null));
            writer.OnFill(Fill(2, 1, 5, 40m, 0.00384m));
            writer.OnOrder(Order(1, OrderStatus.Filled, 100m, 2, T0.AddSeconds(5)));
            writer.Checkpoint(new Portfolio(1000m, 1), new EngineStats(), T0, force: true);
        }

        var c = store.Connection;
        Assert.Equal((1L, 2L), (Sql.Count(c, "SELECT COUNT(*) FROM orders WHERE run_key = $k", ("$k", key)), Sql.Count(c, "SELECT COUNT(*) FROM fills WHERE run_key = $k", ("$k", key))));
        var r = Sql.Rows(c, "SELECT * FROM execution_records WHERE run_id = 'run-p'").Single();
        // fees 0.00576 + 0.00384 = 0.0096 (2 bps of 100 × 0.48 = 48); both fills at 0.48, so the VWAP is 0.48.
        Assert.Equal((2L, 0L, 100m, 0.0096m, 0.48m, "filled"),
            (r["fill_count"], r["is_partial_fill"], Sql.Dec(r["filled_shares"]), Sql.Dec(r["fees_usd"]), Sql.Dec(r["fill_price"]), r["status"]));
    }

    [Fact]
    public void Sink_PartialThenCancelled_ViewSaysPartialFill()
    {
        using var store = _db.Open();
        var (_, writer) = Start(store, "run-c");
        using (writer)
        {
            writer.OnOrder(Order(1, OrderStatus.Open, 0m, 0, null));
            writer.OnFill(Fill(1, 1, 3, 60m, 0.00576m));
            writer.OnOrder(Order(1, OrderStatus.Cancelled, 60m, 1, T0.AddSeconds(4), "quote_moved"));
            writer.Checkpoint(new Portfolio(1000m, 1), new EngineStats(), T0, force: true);
        }

        var r = Sql.Rows(store.Connection, "SELECT * FROM execution_records WHERE run_id = 'run-c'").Single();
        Assert.Equal((1L, 1L, 60m, "cancelled", "quote_moved"), (r["fill_count"], r["is_partial_fill"], Sql.Dec(r["filled_shares"]), r["status"], r["cancel_reason"]));
    }

    [Fact]
    public void Sink_RepeatedFillId_IsRefused()
    {
        using var store = _db.Open();
        var (_, writer) = Start(store, "run-d");
        using (writer)
        {
            writer.OnOrder(Order(1, OrderStatus.Open, 0m, 0, null));
            writer.OnFill(Fill(1, 1, 3, 60m, 0.00576m));
            Assert.Throws<SqliteException>(() => writer.OnFill(Fill(1, 1, 4, 40m, 0.00384m)));
        }
    }

    [Fact]
    public void Finalize_KilledWriterWithOpenOrders_CancelsThemAtTheLastEventTime()
    {
        using var store = _db.Open();
        var (key, writer) = Start(store, "run-k");
        using (writer)
        {
            writer.OnOrder(Order(1, OrderStatus.Open, 0m, 0, null));
            writer.OnOrder(Order(2, OrderStatus.Open, 0m, 0, null));
            writer.OnFill(Fill(1, 2, 3, 60m, 0.00576m));
            writer.OnOrder(Order(2, OrderStatus.PartiallyFilled, 60m, 1, null));
            writer.OnMark(new MarkSample(0, T0.AddSeconds(6), 0.5m));
            writer.OnTick(new TickSample(1, T0.AddSeconds(5), 1000m, 0m, 0m, 0m));
            writer.Checkpoint(new Portfolio(1000m, 1), new EngineStats(), T0, force: true);

            // Killed here: the writer never completes (disposing it only releases the in-process "open" mark).
        }

        Assert.Equal(2L, Sql.Count(store.Connection, "SELECT COUNT(*) FROM orders WHERE run_key = $k AND status IN (0, 3)", ("$k", key)));
        RunFinalizer.Finalize(store, "run-k", T0.AddHours(1));

        var rows = Sql.Rows(store.Connection, "SELECT status, reason, closed_us FROM orders WHERE run_key = $k ORDER BY seq", ("$k", key));
        // The last event is the mark at T0 + 6 s (later than the tick at T0 + 5 s).
        var last = (T0.AddSeconds(6).UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;
        Assert.All(rows, r => Assert.Equal((2L, RunFinalizer.InterruptedReason, last), ((long)r["status"]!, (string)r["reason"]!, (long)r["closed_us"]!)));
        var reader = new LedgerReader(store);
        Assert.Equal(RunStatus.Interrupted, reader.Run("run-k")!.Status);
    }

    [Fact]
    public void Finalize_WriterStillOpenInThisProcess_IsRefusedWithOneLine()
    {
        using var store = _db.Open();
        var (_, writer) = Start(store, "run-live");
        using (writer)
        {
            writer.Checkpoint(new Portfolio(1000m, 1), new EngineStats(), T0, force: true);
            using var other = _db.Open();
            var e = Assert.Throws<LedgerException>(() => RunFinalizer.Finalize(other, "run-live", T0));
            Assert.Contains("still being written", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e.Message);
        }
    }

    [Theory]
    [InlineData(5, true)]
    [InlineData(60, false)]
    public void Finalize_WriterOnAnotherHost_JudgedByItsHeartbeat(int secondsSinceBeat, bool refused)
    {
        using var store = _db.Open();
        var (_, writer) = Start(store, "run-far");
        writer.Dispose();
        using (var cmd = store.Connection.CreateCommand())
        {
            cmd.CommandText = "UPDATE runs SET writer_host = 'another-host', heartbeat_at = '2026-03-01T12:00:00.000Z' WHERE run_id = 'run-far'";
            cmd.ExecuteNonQuery();
        }

        var now = T0.AddSeconds(secondsSinceBeat);
        if (refused)
        {
            Assert.Contains("another-host", Assert.Throws<LedgerException>(() => RunFinalizer.Finalize(store, "run-far", now)).Message, StringComparison.Ordinal);
        }
        else
        {
            RunFinalizer.Finalize(store, "run-far", now);
            Assert.Equal(RunStatus.Interrupted, new LedgerReader(store).Run("run-far")!.Status);
        }
    }

    private static Snapshot Snap(int seconds) => new(T0.AddSeconds(seconds), 0.49m, 0.51m, 0.5m, 100m, 100m, 0.5m);

    private static (long Key, SqliteRunWriter Writer) Start(LedgerStore store, string runId)
    {
        List<MarketInfo> markets = [new MarketInfo("m1", "Title m1", true, "slug-m1")];
        var key = store.CreateRun(new RunStart(runId, "T", "offline", """{"fill_model":"trade-through"}""", T0, "test", 1000m, markets));
        return (key, new SqliteRunWriter(store, key, runId, "T", markets));
    }

    private static OrderUpdate Order(long seq, OrderStatus status, decimal filled, int fills, DateTimeOffset? closed, string? reason = null) =>
        new(seq, 0, Side.Buy, 0.48m, 100m, Snap(0), LiquidityTier.A, T0, T0, status, filled, fills, closed, reason, 1);

    private static FillRecord Fill(long id, long seq, int seconds, decimal shares, decimal fee) =>
        new(id, seq, 0, Side.Buy, T0.AddSeconds(seconds), shares, 0.48m, fee, true, "limit", "trade_through", Snap(seconds), default(FillDiagnostics), null);
}
