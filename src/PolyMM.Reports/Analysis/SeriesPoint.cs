namespace PolyMM.Reports.Analysis;

/// <summary>One point of a time series: event time in microseconds since the Unix epoch (UTC) and a value (null = gap).</summary>
public readonly record struct SeriesPoint(long Micros, decimal? Value);
