namespace PolyMM.Reports.Dashboard;

/// <summary>
/// The headline numbers of one run, taken from the report JSON (docs/data-dictionary.md#report-json). Money is USD, rates and
/// <c>*_pct</c> values are fractions in [0,1]. Null means the report did not have the value
/// (truthful_rate is null when a run had no fills).
/// </summary>
public sealed record DashboardKpis(
    decimal? NetPnlUsd,
    decimal? NetWithoutRewardsUsd,
    decimal? FeesUsd,
    decimal? RewardsUsd,
    decimal? MaxDrawdownPct,
    decimal? StuckInventoryCount,
    decimal? PassiveFillRate,
    decimal? QuoteSlippageP90,
    decimal? Fills,
    decimal? TruthfulRate);
