namespace PolyMM.Reports.Analysis;

/// <summary>
/// One market over time, downsampled: the mid seen at every order send and fill, our resting bid and ask
/// (null while none rests), and our fills.
/// </summary>
public sealed record MarketSeriesData(
    string MarketId,
    IReadOnlyList<SeriesPoint> Mid,
    IReadOnlyList<SeriesPoint> Bid,
    IReadOnlyList<SeriesPoint> Ask,
    IReadOnlyList<FillPoint> Fills);
