namespace PolyMM.Reports.Acceptance;

/// <summary>
/// What <c>mm check</c> checks (docs/design.md#acceptance-check). <see cref="MaxExposureUsd"/> null means the run's own cap from
/// the report's params (no total cap when the report has none). <see cref="AllowIncomplete"/> accepts a report of
/// a run that is not <c>complete</c>; <see cref="ExpectRunId"/> requires the report to be of that run.
/// </summary>
public sealed record AcceptanceOptions(
    string ReportJson,
    decimal MaxPerMarketExposureUsd,
    string? FillsCsv = null,
    double TruthfulRateMin = 0.99,
    decimal? MaxExposureUsd = null,
    bool Baseline = false,
    decimal BaselineFeeToleranceUsd = 5.0m,
    double WarnZeroFillsAfterMin = 10,
    bool AllowIncomplete = false,
    string? ExpectRunId = null);
