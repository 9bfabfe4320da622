namespace PolyMM.Reports.Dashboard;

/// <summary>
/// One of our fills drawn on a market chart: when, which side, at what price (probability), and how many
/// shares when the source says (the fills CSV's <c>filled_shares</c>; the report's markers have no size).
/// </summary>
public readonly record struct FillMarker(DateTimeOffset Time, FillSide Side, decimal Price, decimal? Shares = null);
