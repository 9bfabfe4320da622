namespace PolyMM.Reports.Dashboard;

/// <summary>
/// Everything the dashboard shows about one run, loaded by <see cref="DashboardRunLoader"/> from the
/// analyzer's report JSON (and the fills CSV when present). Lists are never null, only empty.
/// </summary>
/// <param name="RunId">The report's run_id (numbers are kept as their JSON text).</param>
/// <param name="RunTag">The report's run_tag.</param>
/// <param name="SourceName">File name of the report, shown so a reader knows which file a column came from.</param>
/// <param name="FillsCsvName">File name of the fills CSV that was read, or null when none was found.</param>
/// <param name="Kpis">Headline numbers for the KPI cards.</param>
/// <param name="EquityCurve">equity_curve, USD, in time order.</param>
/// <param name="ExposureCurve">exposure_curve, USD cost basis held, in time order.</param>
/// <param name="TopMarkets">markets_top10 in report order (net P&amp;L descending).</param>
/// <param name="MarketTitles">market_titles: market id to human title.</param>
/// <param name="Markets">market_series, plus markets that only the fills CSV mentions.</param>
/// <param name="Warnings">The report's warnings, verbatim.</param>
public sealed record DashboardRun(
    string RunId,
    string RunTag,
    string SourceName,
    string? FillsCsvName,
    DashboardKpis Kpis,
    IReadOnlyList<TimePoint> EquityCurve,
    IReadOnlyList<TimePoint> ExposureCurve,
    IReadOnlyList<TopMarket> TopMarkets,
    IReadOnlyDictionary<string, string> MarketTitles,
    IReadOnlyList<MarketSeries> Markets,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The report's <c>params</c>, key by key in report order, each value as compact JSON text (strings unquoted).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Params { get; init; } = [];

    /// <summary>The report's <c>attribution</c>, or null when the report has none.</summary>
    public RunAttribution? Attribution { get; init; }

    /// <summary>The report's <c>markouts</c>, or null when the report has none.</summary>
    public RunMarkouts? Markouts { get; init; }

    /// <summary>The fills CSV's row count per market (every fill), or null when no CSV was read.</summary>
    public IReadOnlyDictionary<string, int>? CsvFillCounts { get; init; }

    /// <summary>The market's title from <c>market_titles</c>, or its id when the report has no title.</summary>
    public string TitleOf(string marketId) =>
        MarketTitles.TryGetValue(marketId, out var title) && !string.IsNullOrWhiteSpace(title) ? title : marketId;
}
