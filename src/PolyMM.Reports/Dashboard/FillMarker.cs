namespace PolyMM.Reports.Dashboard;

/// <summary>One of our fills drawn on a market chart: when, which side, at what price (probability).</summary>
public readonly record struct FillMarker(DateTimeOffset Time, FillSide Side, decimal Price);
