using PolyMM.Core.Engine;
using PolyMM.Core.Ledger;

namespace PolyMM.Ledger.Sqlite;

/// <summary>The portfolio row and run counters at one instant, as values (so another thread can write them later).</summary>
internal sealed record RunState(
    decimal Cash, decimal TotalValue, decimal Realized, decimal Unrealized, decimal Fees, long Fills, long Orders, long Snapshots, string StatsJson)
{
    public static RunState Capture(Portfolio portfolio, EngineStats stats) => new(
        portfolio.Cash, portfolio.TotalValue, portfolio.Realized, portfolio.Unrealized, portfolio.Fees,
        stats.Fills, stats.Orders, stats.Snapshots, SqliteRunWriter.StatsJson(stats));
}
