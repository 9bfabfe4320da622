using PolyMM.Cli.Tests.Support;
using PolyMM.Core.Engine;
using PolyMM.Core.Instruments;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Ledger.Sqlite;
using PolyMM.Reports.Trust;

namespace PolyMM.Cli.Tests.Truth;

/// <summary>
/// Partial fills end to end (docs/design.md#order-lifecycle, docs/design.md#storage): the engine with a model that fills
/// half an order and then the rest, the real SQLite writer, the post-run trust gates read back through the ledger reader.
/// </summary>
public sealed class PartialFillLedgerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 2, 6, 2, 9, 28, TimeSpan.Zero);

    [Fact]
    public void Run_HalfThenRestModel_TwoFillRowsOneOrderRowWithFillCountTwoIdentityExact()
    {
        using var dir = new TempDir();
        var db = dir.File("partial.db");
        const string runId = "mm-20260206T020928-abcdef";
        List<MarketInfo> markets = [new MarketInfo("m1", "M1", true)];
        Portfolio portfolio;
        using (var store = LedgerStore.Open(db))
        {
            var key = store.CreateRun(new RunStart(runId, "T", "offline", "{}", T0, "test", 1000m, markets));
            using var writer = new SqliteRunWriter(store, key, runId, "T", markets);

            // No skew, so the partly filled bid keeps its price; orders live 100 ms after they are sent.
            var options = new EngineOptions
            {
                Quote = new QuoteParams { SkewTicks = 0m },
                EntryLatency = TimeSpan.FromMilliseconds(100),
                CancelLatency = TimeSpan.FromMilliseconds(100),
            };
            var engine = new MarketMakingEngine(options, 1000m, [new InstrumentSpec(0, "m1", "m1", string.Empty, 0.01m, 0m)],
                new HalfThenRestModel(), writer);
            for (var i = 0; i < 3; i++)
            {
                var ts = T0.AddSeconds(2 * i);
                engine.OnSnapshot(0, new Snapshot(ts, 0.495m, 0.505m, 0.50m, 100m, 100m, 0.50m));
                engine.EndTick(ts);
            }

            engine.Finish(T0.AddSeconds(4));
            writer.Complete(engine.Portfolio, engine.Stats, RunStatus.Running, T0.AddHours(1),
                new ReplayResult(StopReason.DataExhausted, T0, T0.AddSeconds(4), 3));
            portfolio = engine.Portfolio;
            Assert.Empty(engine.Stats.Integrity);
        }

        // The first bid: 10 USD / 0.48 = 20.83 shares; the model fills 10.41 (half, floored to 0.01) then 10.42.
        Assert.Equal(["1|10.41|0.48", "1|10.42|0.48"], Db.Rows(db, "SELECT seq, shares, fill_price FROM fills WHERE seq = 1 ORDER BY fill_id"));
        Assert.Equal(["2|0|filled"], Db.Rows(db, $"SELECT fill_count, is_partial_fill, status FROM execution_records WHERE order_id = '{runId}-1'"));
        Assert.Equal(1L, Db.Scalar(db, $"SELECT COUNT(*) FROM execution_records WHERE order_id = '{runId}-1'"));

        using (var ro = LedgerStore.Open(db, readOnly: true))
        {
            var gates = TrustGateRunner.Run(new LedgerReader(ro), runId, TrustGateRunner.PostRun, 5000m, 500m, dir.File("reports"), T0);
            Assert.True(gates.Passed, string.Join("; ", gates.Issues.Select(i => i.Message)));
        }

        // Identity, exact, on the engine's portfolio and as stored: total value − bankroll = realized + unrealized − fees.
        Assert.Equal(portfolio.Realized + portfolio.Unrealized - portfolio.Fees, portfolio.TotalValue - portfolio.Bankroll);
        Assert.Equal(Convert.ToDecimal(Db.Scalar(db, "SELECT cash FROM portfolio")), portfolio.Cash);
    }
}
