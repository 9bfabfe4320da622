namespace PolyMM.Reports.Analysis;

/// <summary>
/// The analysis of one run (docs/data-dictionary.md#report-json) plus what the dashboard draws (<c>market_titles</c>,
/// <c>market_series</c>). Money in decimal USD, rates and statistics as double fractions; times in
/// microseconds since the Unix epoch, UTC.
/// </summary>
public sealed class RunReport
{
    /// <summary>Version of this report's layout; bumped when a key changes meaning.</summary>
    public const int FormatVersion = 1;

    public required string RunId { get; init; }
    public required string RunTag { get; init; }
    public required string Status { get; init; }
    public required string DataMode { get; init; }
    public required int LedgerSchemaVersion { get; init; }
    public required decimal Bankroll { get; init; }

    /// <summary>The run's stored <c>params</c> JSON, verbatim.</summary>
    public required string ParamsJson { get; init; }
    public required string StartedAt { get; init; }
    public required string? EndedAt { get; init; }
    public required string ToolVersion { get; init; }
    public required string? StopReason { get; init; }
    public required long? EventStartMicros { get; init; }
    public required long? EventEndMicros { get; init; }
    public required double RuntimeSec { get; init; }
    public required long Orders { get; init; }
    public required long Fills { get; init; }
    public required TruthSection Truth { get; init; }
    public required PnlSection Pnl { get; init; }

    /// <summary>The liquidity-reward estimate per market; null in reports built without it (it is written as unknown).</summary>
    public RewardsSection? Rewards { get; init; }

    /// <summary>The fees by kind and the rebates; null in reports built without it.</summary>
    public FeesSection? Fees { get; init; }
    public required ExecutionSection Execution { get; init; }
    public required InventorySection Inventory { get; init; }
    public required IReadOnlyList<MarketSummary> MarketsTop10 { get; init; }
    public required IReadOnlyList<SeriesPoint> EquityCurve { get; init; }
    public required IReadOnlyList<SeriesPoint> ExposureCurve { get; init; }
    public required MarkoutSection Markouts { get; init; }
    public required AttributionSection Attribution { get; init; }
    public required RiskSection Risk { get; init; }
    public required IReadOnlyList<string> Warnings { get; init; }

    /// <summary>Market id → title, in the run's market order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> MarketTitles { get; init; }
    public required IReadOnlyList<MarketSeriesData> MarketSeries { get; init; }
}
