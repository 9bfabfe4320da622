using PolyMM.Core.Quoting;

namespace PolyMM.Ledger.Sqlite.Tests.Support;

/// <summary>
/// One run over two markets (bankroll 1000, fee 2 bps) used by several tests. Fees: 2 bps of notional.
/// <code>
/// seq 1 BUY  m1 100 @ 0.48, sent t=0, filled t=2   fee 48 × 0.0002 = 0.0096    → lot 1
/// seq 2 BUY  m2  10 @ 0.30, sent t=0, cancelled t=2 (quote_moved)
/// --- Opening ends here (tick 1 at t=2) ---
/// seq 3 BUY  m1  50 @ 0.47, sent t=2, filled t=4   fee 23.5 × 0.0002 = 0.0047  → lot 2
/// seq 4 SELL m1 120 @ 0.53, sent t=4, filled t=6   fee 63.6 × 0.0002 = 0.01272 → closes lot 1, splits lot 2 (20 closed as lot 3, 30 open)
/// seq 5 SELL m1  30 @ 0.58, sent t=6, still resting at the end
/// </code>
/// </summary>
internal static class StandardRun
{
    public const decimal Bankroll = 1000m;

    /// <summary>Seq 1–2 and tick 1.</summary>
    public static void Opening(ScenarioRun r)
    {
        r.Buy(0, ScenarioRun.Snap(0, 0.48m, 0.52m), ScenarioRun.Snap(2, 0.46m, 0.50m), 0.48m, 100m, 0.0096m);
        r.Cancel(1, Side.Buy, ScenarioRun.Snap(0, 0.30m, 0.34m), ScenarioRun.T0.AddSeconds(2), 0.30m, 10m, "quote_moved");
        r.Tick(1, 2);
    }

    /// <summary>Seq 3–5 and ticks 2–3.</summary>
    public static void Closing(ScenarioRun r)
    {
        r.Buy(0, ScenarioRun.Snap(2, 0.46m, 0.50m), ScenarioRun.Snap(4, 0.45m, 0.49m), 0.47m, 50m, 0.0047m);
        r.Tick(2, 4);
        r.Sell(0, ScenarioRun.Snap(4, 0.45m, 0.49m), ScenarioRun.Snap(6, 0.53m, 0.57m), 0.53m, 120m, 0.01272m);
        r.Resting(0, Side.Sell, ScenarioRun.Snap(6, 0.53m, 0.57m), 0.58m, 30m);
        r.Tick(3, 6);
    }

    /// <summary>The whole run, checkpointed after tick 1 and completed.</summary>
    public static ScenarioRun WriteComplete(LedgerStore store, string runId, string runTag = "MARKET_MAKING_TEST")
    {
        var r = new ScenarioRun(store, runId, runTag, Bankroll, "m1", "m2");
        Opening(r);
        r.Checkpoint();
        Closing(r);
        r.Complete(6);
        return r;
    }
}
