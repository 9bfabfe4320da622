namespace PolyMM.Reports.Analysis;

/// <summary>One market's row of <c>markets_top10</c>. avg_spread_pct and avg_depth are over the snapshots our orders were sent on.</summary>
public sealed record MarketSummary(
    string Market,
    decimal NetPnlUsd,
    long Fills,
    long Orders,
    double? AvgSpreadPct,
    double? AvgDepth,
    decimal MaxInventoryHeld,
    double? WorstTailSlippage)
{
    public double? FillRate => Orders == 0 ? null : (double)Fills / Orders;
}
