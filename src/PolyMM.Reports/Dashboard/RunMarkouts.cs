namespace PolyMM.Reports.Dashboard;

/// <summary>
/// A report's <c>markouts</c> object: the mean price move per share in our favour a given number of seconds
/// after our fills (<c>horizons_sec</c> and <c>mean_per_share</c>, paired by position; a null mean had no fill to measure).
/// </summary>
public sealed record RunMarkouts(IReadOnlyList<(decimal HorizonSec, decimal? MeanPerShare)> Points);
