namespace PolyMM.Reports.Dashboard;

/// <summary>
/// One sample of a time series read from a report (equity, exposure, mid, our bid or ask).
/// A null <see cref="Value"/> means "nothing at that time" (e.g. no quote resting) and draws as a gap.
/// </summary>
public readonly record struct TimePoint(DateTimeOffset Time, decimal? Value);
