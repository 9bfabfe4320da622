namespace PolyMM.Reports.Dashboard;

/// <summary>One fill model's outcome in a <c>mm sensitivity</c> file; a null field was absent.</summary>
public sealed record SensitivityModel(
    string Model,
    decimal? Fills,
    decimal? FilledShares,
    decimal? NetPnlUsd,
    decimal? NetWithoutRewardsUsd,
    decimal? MaxDrawdownPct);

/// <summary>
/// The fill-model sensitivity given with <c>--sensitivity</c> (docs/analysis.md#mm-dashboard): one run replayed under
/// several fill models, the band of net P&amp;L they span, and whether the sign of net P&amp;L depends on the model.
/// </summary>
public sealed record SensitivityData(
    string SourceName,
    IReadOnlyList<SensitivityModel> Models,
    decimal? BandMinNetPnlUsd,
    decimal? BandMaxNetPnlUsd,
    bool SignDependsOnModel);
