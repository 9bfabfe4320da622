namespace PolyMM.Reports.Dashboard;

/// <summary>
/// One row of the report's <c>markets_top10</c> (docs/data-dictionary.md#report-json). Rates and <c>*_pct</c> values are
/// fractions; a null field was absent from the report.
/// </summary>
public sealed record TopMarket(
    string MarketId,
    decimal? NetPnlUsd,
    decimal? Fills,
    decimal? FillRate,
    decimal? AvgSpreadPct,
    decimal? AvgDepth,
    decimal? MaxInventoryHeld,
    decimal? WorstTailSlippage);
