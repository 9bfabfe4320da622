using System.Security.Cryptography;
using PolyMM.Core.Economics;
using PolyMM.Core.Engine;
using PolyMM.Core.Execution;
using PolyMM.Core.Fills;
using PolyMM.Core.Instruments;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Ledger.Sqlite.Tests.Support;

namespace PolyMM.Ledger.Sqlite.Tests;

/// <summary>Schema v3: fill rebates and reward samples end to end, and the v2 → v3 migration (docs/design.md#fees, #rewards, #schema-migration).</summary>
public sealed class EconomicsLedgerTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TempLedger _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Engine_MakerThenTakerFillUnderSchedule_FeeAndRebateStoredAndReadBack()
    {
        using var store = _db.Open();
        List<MarketInfo> markets = [new MarketInfo("m1", "Title m1", true, "slug-m1")];
        var key = store.CreateRun(new RunStart("run-f", "T", "offline", """{"fee_mode":"schedule"}""", T0, "test", 1000m, markets));
        Gateway? venue = null;
        using (var writer = new SqliteRunWriter(store, key, "run-f", "T", markets))
        {
            var engine = new MarketMakingEngine(new EngineOptions(), 1000m,
                [new InstrumentSpec(0, "m1", "m1", "", 0.01m, 0m, Fees: new FeeSchedule(0.05m, 1m, 0.25m))], new TradeThroughFillModel(), writer,
                gateway: (events, _) => venue = new Gateway(events));
            engine.OnSnapshot(0, new Snapshot(T0, 0.495m, 0.505m, 0.5m, 100m, 100m, 0.5m));
            var bid = Assert.Single(venue!.Submitted);
            venue.Sink.OnOrderEvent(new OrderEvent(OrderEventKind.Accepted, bid.Seq, 0, T0));
            // 10 of the 20.83 shares as maker, the other 10.83 as taker (the venue says the order crossed).
            venue.Sink.OnOrderEvent(new OrderEvent(OrderEventKind.Filled, bid.Seq, 0, T0.AddSeconds(1), "x", FillId: 1, Shares: 10m, Price: 0.48m, IsMaker: true, PriceSource: "limit"));
            venue.Sink.OnOrderEvent(new OrderEvent(OrderEventKind.Filled, bid.Seq, 0, T0.AddSeconds(2), "x", FillId: 2, Shares: 10.83m, Price: 0.48m, IsMaker: false, PriceSource: "limit"));

            // Maker: fee 0; rebate 0.25 × floor5(10 × 0.05 × 0.48 × 0.52 = 0.1248) = 0.0312.
            // Taker: floor5(10.83 × 0.05 × 0.2496 = 0.1351584) = 0.13515; no rebate.
            // cash = 1000 − 20.83 × 0.48 − 0.13515 = 1000 − 9.9984 − 0.13515 = 989.86645 (the rebate is outside cash).
            var p = engine.Portfolio;
            Assert.Equal((989.86645m, 0.13515m), (p.Cash, p.Fees));
            Assert.Equal(p.TotalValue - 1000m, p.Realized + p.Unrealized - p.Fees);
            writer.Complete(p, engine.Stats, "complete", T0.AddSeconds(3), null);
        }

        var reader = new LedgerReader(store);
        var rows = reader.OrdersWithFills(key).ToList();
        Assert.Equal([(0m, 0.0312m, true), (0.13515m, 0m, false)], rows.Select(r => (r.Fee!.Value, r.Rebate!.Value, r.FillIsMaker!.Value)));
        var facts = reader.StreamFills(reader.RequireRun("run-f")).ToList();
        Assert.Equal([0.0312m, 0m], facts.Select(f => f.Rebate));
    }

    [Fact]
    public void Writer_RewardSamples_StoredReadBackAndSummedPerMarketAtCompletion()
    {
        using var store = _db.Open();
        List<MarketInfo> markets = [new MarketInfo("m1", "m1", true, null), new MarketInfo("m2", "m2", true, null)];
        var key = store.CreateRun(new RunStart("run-r", "T", "offline", "{}", T0, "test", 1000m, markets));
        using (var writer = new SqliteRunWriter(store, key, "run-r", "T", markets))
        {
            writer.OnReward(new RewardSample(0, T0, 1.5m, 6m, 0.25m, 0.0000125m, true));
            writer.OnReward(new RewardSample(0, T0.AddMinutes(1), 1.5m, 6m, 0.25m, 0.0000375m, true));
            writer.OnReward(new RewardSample(1, T0, 1m, 10m, 0.1m, 0.0000004m, false));
            writer.Complete(new Portfolio(1000m, 2), new EngineStats(), "complete", T0.AddMinutes(2), new ReplayResult(StopReason.DataExhausted, T0, T0.AddMinutes(2), 2));
        }

        var samples = new LedgerReader(store).RewardSamples(key).ToList();
        Assert.Equal(3, samples.Count);
        Assert.Equal((0, T0, 0.25m, true), (samples[0].MarketIndex, samples[0].Ts, samples[0].Share, samples[0].BookFullyVisible));
        // m1: 0.0000125 + 0.0000375 = 0.00005 from book data; m2: 0.0000004 → 0.000000 at micro-USD, top of book only.
        var rewards = Sql.Rows(store.Connection, "SELECT market_id, reward_usd, reward_source FROM market_making_rewards ORDER BY market_id");
        Assert.Equal(["m1|0.00005|estimated_q_score", "m2|0|estimated_q_score_l1"],
            rewards.Select(r => $"{r["market_id"]}|{Sql.Dec(r["reward_usd"])}|{r["reward_source"]}"));
    }

    [Fact]
    public void Open_V2Ledger_MigratesToV3KeepingRowsWithZeroRebates()
    {
        var fills = MakeV2();

        using var store = _db.Open();
        var c = store.Connection;

        Assert.Equal((3L, 3L), ((long)Sql.Scalar(c, "SELECT version FROM schema_info")!, (long)Sql.Scalar(c, "PRAGMA user_version")!));
        Assert.Equal(fills, Sql.Count(c, "SELECT COUNT(*) FROM fills WHERE rebate_usd = 0"));
        Assert.Equal(0L, Sql.Count(c, "SELECT COUNT(*) FROM reward_samples"));
        Assert.Equal(fills, Sql.Count(c, "SELECT SUM(fill_count) FROM execution_records"));
    }

    [Fact]
    public void Open_V2MigrationFailsMidway_LeavesV2FileByteIdentical()
    {
        MakeV2();
        var before = SHA256.HashData(File.ReadAllBytes(_db.Path));
        LedgerStore.MigrationStep = step =>
        {
            if (step == "v2_v3_created")
            {
                throw new LedgerException($"injected failure after {step}");
            }
        };
        try
        {
            Assert.Throws<LedgerException>(() => _db.Open());
        }
        finally
        {
            LedgerStore.MigrationStep = null;
        }

        Assert.Equal(Convert.ToHexString(before), Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(_db.Path))));
        using var store = _db.Open();
        Assert.Equal(3L, (long)Sql.Scalar(store.Connection, "SELECT version FROM schema_info")!);
    }

    // A v2 ledger built from a current one: a run with two fills, then the v3 additions taken away (no committed v2
    // fixture exists; the v2 layout is schema_v3.sql without fills.rebate_usd and reward_samples). Returns the fill count.
    private long MakeV2()
    {
        using (var store = _db.Open())
        {
            List<MarketInfo> markets = [new MarketInfo("m1", "m1", true, null)];
            var key = store.CreateRun(new RunStart("run-2", "T", "offline", "{}", T0, "test", 1000m, markets));
            using var writer = new SqliteRunWriter(store, key, "run-2", "T", markets);
            var snap = new Snapshot(T0, 0.49m, 0.51m, 0.5m, 100m, 100m, 0.5m);
            writer.OnOrder(new OrderUpdate(1, 0, Core.Quoting.Side.Buy, 0.48m, 100m, snap, LiquidityTier.A, T0, T0, OrderStatus.Filled, 100m, 2, T0.AddSeconds(2), null, 1));
            writer.OnFill(new FillRecord(1, 1, 0, Core.Quoting.Side.Buy, T0.AddSeconds(1), 60m, 0.48m, 0m, true, "limit", "x", snap, default(FillDiagnostics), null));
            writer.OnFill(new FillRecord(2, 1, 0, Core.Quoting.Side.Buy, T0.AddSeconds(2), 40m, 0.48m, 0m, true, "limit", "x", snap, default(FillDiagnostics), null));
            writer.Complete(new Portfolio(1000m, 1), new EngineStats(), "complete", T0.AddSeconds(3), null);
        }

        using var raw = _db.Raw();
        Sql.Scalar(raw, "PRAGMA journal_mode = DELETE");
        foreach (var sql in new[]
        {
            "DROP TABLE reward_samples", "ALTER TABLE fills DROP COLUMN rebate_usd", "DELETE FROM schema_info",
            "INSERT INTO schema_info (version) VALUES (2)", "PRAGMA user_version = 2",
        })
        {
            Sql.Scalar(raw, sql);
        }

        return Sql.Count(raw, "SELECT COUNT(*) FROM fills");
    }

    private sealed class Gateway(IOrderEventSink sink) : IOrderGateway
    {
        public IOrderEventSink Sink => sink;

        public List<SubmitOrder> Submitted { get; } = [];

        public void Submit(in SubmitOrder order) => Submitted.Add(order);

        public void Cancel(in CancelOrder cancel)
        {
        }

        public void AdvanceTo(DateTimeOffset now)
        {
        }

        public void OnMarketEvent(in MarketEvent e, in MatchContext market)
        {
        }
    }
}
