using Microsoft.Data.Sqlite;
using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;

namespace PolyMM.Ledger.Sqlite.Tests;

public sealed class RunStatusTests
{
    private const string RunId = "mm-20260101T000000-0a0a0a";
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SetStatus_AfterWriterCompleted_SurvivesTheWriterBeingDisposed()
    {
        // The pipeline marks a run complete (or failed) only after its post-run gate, on the same connection the
        // writer used; a transaction left open by the writer would swallow that update and roll it back.
        using var dir = new TempDir();
        var path = dir.File("status.db");
        try
        {
            MarketInfo[] markets = [new("m1", "M1", true)];
            using (var store = LedgerStore.Open(path))
            {
                var key = store.CreateRun(new RunStart(RunId, "T", "offline", "{}", T0, "test", 100m, markets));
                using (var writer = new SqliteRunWriter(store, key, RunId, "T", markets))
                {
                    var engine = new MarketMakingEngine(new EngineOptions(), 100m, 1, new TouchFillModel(), writer);
                    writer.Complete(engine.Portfolio, engine.Stats, RunStatus.Running, T0, new ReplayResult(StopReason.DataExhausted, T0, T0, 0));
                    store.SetStatus(RunId, RunStatus.Complete);
                }
            }

            using var read = LedgerStore.Open(path, readOnly: true);
            Assert.Equal(RunStatus.Complete, new LedgerReader(read).Run(RunId)!.Status);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }
}
