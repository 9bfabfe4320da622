namespace PolyMM.Reports.Analysis;

/// <summary>
/// Execution quality over the truthful fills (rates null without any), and the engine's counters from
/// <c>runs.stats</c>.
/// </summary>
public sealed record ExecutionSection(
    double? PassiveFillRate,
    double? SpreadCrossedRate,
    DistributionStats QuoteSlippagePct,
    DistributionStats TimeToFillSec,
    IReadOnlyList<KeyValuePair<string, long>> PauseReasons,
    IReadOnlyList<KeyValuePair<string, long>> InvalidSnapshots,
    IReadOnlyList<KeyValuePair<string, long>> FetchErrors);
