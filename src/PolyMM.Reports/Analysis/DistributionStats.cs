namespace PolyMM.Reports.Analysis;

/// <summary>count, mean and the p50/p90/p95 quantiles (numpy linear) of a sample; null statistics when it is empty.</summary>
public sealed record DistributionStats(long Count, double? Mean, double? P50, double? P90, double? P95)
{
    public static DistributionStats Empty { get; } = new(0, null, null, null, null);

    /// <summary>Sorts <paramref name="values"/> in place and summarises it.</summary>
    public static DistributionStats From(List<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return Empty;
        }

        values.Sort();
        var sum = 0d;
        foreach (var v in values)
        {
            sum += v;
        }

        return new DistributionStats(values.Count, sum / values.Count,
            Quantiles.Linear(values, 0.5), Quantiles.Linear(values, 0.9), Quantiles.Linear(values, 0.95));
    }
}
