using PolyMM.Core.Ledger;
using PolyMM.Core.Quoting;
using PolyMM.Core.Trust;
using PolyMM.Ledger.Sqlite.Tests.Support;

namespace PolyMM.Ledger.Sqlite.Tests;

public sealed class SqliteRunWriterTests : IDisposable
{
    private const decimal NoCap = 1_000_000m;

    private readonly TempLedger _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Complete_StandardRun_ReaderSeesExactPortfolio()
    {
        using (var store = _db.Open())
        using (StandardRun.WriteComplete(store, "run-a"))
        {
        }

        using var ro = _db.Open(readOnly: true);
        var p = new LedgerReader(ro).Portfolio("run-a");

        // cash = 1000 − 48 − 23.5 + 63.6 − (0.0096 + 0.0047 + 0.01272) = 992.07298
        // realized = 100 × (0.53 − 0.48) + 20 × (0.53 − 0.47) = 5 + 1.2 = 6.2
        // open: 30 @ 0.47 marked at 0.55 → value 16.5, unrealized 16.5 − 14.1 = 2.4
        // total = 992.07298 + 16.5 = 1008.57298 = 1000 + 6.2 + 2.4 − 0.02702
        Assert.Equal(new PortfolioFact(1000m, 992.07298m, 1008.57298m, 6.2m, 2.4m, 0.02702m), p);
    }

    [Fact]
    public void Complete_StandardRun_RunRowIsCompleteWithEventSpan()
    {
        using (var store = _db.Open())
        using (StandardRun.WriteComplete(store, "run-a"))
        {
        }

        using var ro = _db.Open(readOnly: true);
        var run = new LedgerReader(ro).Run("run-a")!;

        Assert.Equal((RunStatus.Complete, "2026-02-06T02:09:28.000Z", "2026-02-06T02:09:34.000Z", "data_exhausted", "2026-02-06T03:09:28.000Z"),
            (run.Status, run.EventStart, run.EventEnd, run.StopReason, run.EndedAt));
    }

    [Fact]
    public void Complete_StandardRun_FillsReadBackInFillOrderWithTheirSnapshots()
    {
        // Each scenario order fills once, whole: its fill id is its seq and its size is the fill's.
        using (var store = _db.Open())
        using (StandardRun.WriteComplete(store, "run-a"))
        {
        }

        using var ro = _db.Open(readOnly: true);
        var reader = new LedgerReader(ro);
        var fills = reader.Fills(reader.Run("run-a")!);

        var t0 = ScenarioRun.T0;
        Assert.Equal(
            [
                new FillFact("run-a-1", "m1", Side.Buy, t0, t0.AddSeconds(2), 0.48m, 100m, 0.0096m, 0.46m, 0.50m, 0.48m, FillId: 1, OrderShares: 100m),
                new FillFact("run-a-3", "m1", Side.Buy, t0.AddSeconds(2), t0.AddSeconds(4), 0.47m, 50m, 0.0047m, 0.45m, 0.49m, 0.47m, FillId: 3, OrderShares: 50m),
                new FillFact("run-a-4", "m1", Side.Sell, t0.AddSeconds(4), t0.AddSeconds(6), 0.53m, 120m, 0.01272m, 0.53m, 0.57m, 0.55m, FillId: 4, OrderShares: 120m),
            ],
            fills);
    }

    [Fact]
    public void Complete_StandardRun_TradesHaveOpenClosedAndSplitLots()
    {
        using (var store = _db.Open())
        using (StandardRun.WriteComplete(store, "run-a"))
        {
        }

        using var ro = _db.Open(readOnly: true);
        var rows = Sql.Rows(ro.Connection, """
            SELECT id, market, side, size, price, shares, status, current_price, current_value, sell_price, closed_at, proceeds,
                   realized_pnl, unrealized_pnl, fees_usd, entry_price_source, exit_price_source, fill_price_source, outcome
            FROM trades WHERE run_id = 'run-a' ORDER BY id
            """);

        Assert.Equal(3, rows.Count);

        // Lot 1: 100 @ 0.48 closed at 0.53 → cost 48, proceeds 53, realized 5. fees_usd = entry + exit fee: the buy's 0.0096
        // plus its share of the 120-share sell's fee 0.01272: 100/120 × 0.01272 = 0.0106 → 0.0202.
        AssertLot(rows[0], 1, "closed", shares: 100m, price: 0.48m, size: 48m, sell: 0.53m, proceeds: 53m, realized: 5m, fee: 0.0202m);
        Assert.Equal("2026-02-06T02:09:34.000Z", rows[0]["closed_at"]);
        Assert.Equal(("limit", "limit", "limit"), (rows[0]["entry_price_source"], rows[0]["exit_price_source"], rows[0]["fill_price_source"]));

        // Lot 2 after the split: 30 of 50 @ 0.47 still open, marked at 0.55 → value 16.5, unrealized 30 × 0.08 = 2.4; keeps fee 0.0047.
        AssertLot(rows[1], 2, "open", shares: 30m, price: 0.47m, size: 14.1m, sell: null, proceeds: null, realized: null, fee: 0.0047m);
        Assert.Equal((0.55m, 16.5m, 2.4m), (Sql.Dec(rows[1]["current_price"]), Sql.Dec(rows[1]["current_value"]), Sql.Dec(rows[1]["unrealized_pnl"])));
        Assert.Null(rows[1]["closed_at"]);

        // Lot 3: the split-off 20 @ 0.47 closed at 0.53 → cost 9.4, proceeds 10.6, realized 1.2; no entry fee of its own
        // (the remainder keeps it), and the rest of the sell's fee: 0.01272 − 0.0106 = 0.00212.
        AssertLot(rows[2], 3, "closed", shares: 20m, price: 0.47m, size: 9.4m, sell: 0.53m, proceeds: 10.6m, realized: 1.2m, fee: 0.00212m);
        Assert.All(rows, r => Assert.Equal(("m1", "BUY", "YES"), (r["market"], r["side"], r["outcome"])));
    }

    [Fact]
    public void Complete_StandardRun_PassesTheTrustGatesWithMarks()
    {
        using (var store = _db.Open())
        using (StandardRun.WriteComplete(store, "run-a"))
        {
        }

        using var ro = _db.Open(readOnly: true);

        Assert.Empty(Gates(ro, "run-a", checkMarks: true));
    }

    [Fact]
    public void Complete_StandardRun_TicksHoldTheEquityCurve()
    {
        using (var store = _db.Open())
        using (StandardRun.WriteComplete(store, "run-a"))
        {
        }

        using var ro = _db.Open(readOnly: true);
        var ticks = Sql.Rows(ro.Connection, "SELECT tick, ts_us, cash, open_value, open_cost, committed FROM ticks ORDER BY tick")
            .Select(r => ((long)r["tick"]!, (long)r["ts_us"]!, Sql.Dec(r["cash"]), Sql.Dec(r["open_value"]), Sql.Dec(r["open_cost"]), Sql.Dec(r["committed"])))
            .ToList();

        var t0us = ScenarioRun.T0.ToUnixTimeMilliseconds() * 1000;
        Assert.Equal(
            [
                // t=2: cash 1000 − 48 − 0.0096; 100 shares marked at 0.48 = 48, cost 48.
                (1L, t0us + 2_000_000, 951.9904m, 48m, 48m, 48m),

                // t=4: cash 951.9904 − 23.5 − 0.0047; 150 shares marked at 0.47 = 70.5, cost 48 + 23.5 = 71.5.
                (2L, t0us + 4_000_000, 928.4857m, 70.5m, 71.5m, 71.5m),

                // t=6: cash 928.4857 + 63.6 − 0.01272; 30 shares marked at 0.55 = 16.5, cost 30 × 0.47 = 14.1.
                (3L, t0us + 6_000_000, 992.07298m, 16.5m, 14.1m, 14.1m),
            ],
            ticks);
    }

    [Fact]
    public void Dispose_WithoutCheckpoint_LosesOnlyTheUncommittedRowsAndTheRestPassesTheGates()
    {
        // Arrange: tick 1 committed, ticks 2–3 written but never checkpointed.
        using (var store = _db.Open())
        {
            var run = new ScenarioRun(store, "run-a", "MM", StandardRun.Bankroll, "m1", "m2");
            StandardRun.Opening(run);
            run.Checkpoint();
            StandardRun.Closing(run);
            Assert.True(run.Writer.Pending > 0);

            // Act: the process "dies": the files as they are now are what a kill -9 would leave behind.
            var crashed = _db.CopyAsCrashed("crashed.db");
            run.Dispose();
            AssertCommittedStateOnly(crashed);
        }

        // The gracefully disposed original (transaction rolled back) holds the same committed state.
        AssertCommittedStateOnly(_db.Path);
    }

    [Fact]
    public void Checkpoint_BelowMinPendingWithoutForce_DoesNotCommit()
    {
        using var store = _db.Open();
        using var run = new ScenarioRun(store, "run-a", "MM", StandardRun.Bankroll, "m1", "m2");
        StandardRun.Opening(run);

        var committed = run.Writer.Checkpoint(run.Portfolio, run.Stats, ScenarioRun.T0, force: false, minPending: 1000);

        // 2 orders + 1 fill + 1 lot + 1 tick wait.
        Assert.Equal((false, 5), (committed, run.Writer.Pending));
    }

    [Fact]
    public void Checkpoint_AtMinPending_CommitsAndResetsPending()
    {
        using var store = _db.Open();
        using var run = new ScenarioRun(store, "run-a", "MM", StandardRun.Bankroll, "m1", "m2");
        StandardRun.Opening(run);

        var committed = run.Writer.Checkpoint(run.Portfolio, run.Stats, ScenarioRun.T0, force: false, minPending: 5);

        Assert.Equal((true, 0), (committed, run.Writer.Pending));
    }

    private static void AssertCommittedStateOnly(string path)
    {
        using var store = LedgerStore.Open(path, readOnly: true);
        var reader = new LedgerReader(store);
        var run = reader.Run("run-a")!;

        // Never marked complete: a crashed run stays 'running'.
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Equal(["run-a-1"], reader.Fills(run).Select(f => f.OrderId));
        Assert.Equal(2L, Sql.Count(store.Connection, "SELECT COUNT(*) FROM orders"));
        Assert.Equal(1L, Sql.Count(store.Connection, "SELECT COUNT(*) FROM ticks"));
        Assert.Equal([1L], reader.Lots("run-a").Select(l => l.Id));

        // Portfolio as of tick 1: cash 1000 − 48 − 0.0096 = 951.9904; 100 shares marked at 0.48 → unrealized 0.
        Assert.Equal(new PortfolioFact(1000m, 951.9904m, 999.9904m, 0m, 0m, 0.0096m), reader.Portfolio("run-a"));
        Assert.Empty(Gates(store, "run-a", checkMarks: false));
    }

    private static List<GateIssue> Gates(LedgerStore store, string runId, bool checkMarks)
    {
        var reader = new LedgerReader(store);
        return TrustGates.Check(reader.Portfolio(runId), reader.Fills(reader.Run(runId)!), reader.Lots(runId), NoCap, NoCap, checkMarks);
    }

    private static void AssertLot(Dictionary<string, object?> row, long id, string status, decimal shares, decimal price, decimal size,
        decimal? sell, decimal? proceeds, decimal? realized, decimal fee)
    {
        Assert.Equal((id, status), ((long)row["id"]!, (string)row["status"]!));
        Assert.Equal((shares, price, size, fee), (Sql.Dec(row["shares"])!.Value, Sql.Dec(row["price"])!.Value, Sql.Dec(row["size"])!.Value, Sql.Dec(row["fees_usd"])!.Value));
        Assert.Equal((sell, proceeds, realized), (Sql.Dec(row["sell_price"]), Sql.Dec(row["proceeds"]), Sql.Dec(row["realized_pnl"])));
    }
}
