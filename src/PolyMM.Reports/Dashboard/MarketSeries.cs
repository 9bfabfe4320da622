namespace PolyMM.Reports.Dashboard;

/// <summary>
/// What happened in one market during a run: the mid, our resting bid and ask (null = not quoting)
/// and our fills. Any list may be empty; the dashboard then says there is no data.
/// </summary>
public sealed record MarketSeries(
    string MarketId,
    IReadOnlyList<TimePoint> Mid,
    IReadOnlyList<TimePoint> Bid,
    IReadOnlyList<TimePoint> Ask,
    IReadOnlyList<FillMarker> Fills)
{
    public bool HasData => Mid.Count > 0 || Bid.Count > 0 || Ask.Count > 0 || Fills.Count > 0;
}
