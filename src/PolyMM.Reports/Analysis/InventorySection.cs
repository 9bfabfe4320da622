namespace PolyMM.Reports.Analysis;

/// <summary>
/// Inventory risk. Exposure is the cost basis of open lots (what the caps bound); the curves come from the
/// end-of-tick samples in <c>ticks</c>. The maxima replay every fill (any book) with FIFO lots, fill by fill,
/// so they see peaks inside a tick that the end-of-tick samples miss.
/// </summary>
public sealed record InventorySection(
    decimal? AvgLockedUsd,
    double? CapitalUtilizationPct,
    double? InventoryTurnover,
    long StuckInventoryCount,
    DistributionStats TimeInInventorySec,
    IReadOnlyList<KeyValuePair<string, decimal>> MaxInventoryHeldByMarket,
    decimal MaxTotalExposureUsd,
    IReadOnlyList<KeyValuePair<string, decimal>> MaxInventoryDrawdownByMarket,
    double MaxDrawdownPct,
    double? InventoryVariance);
