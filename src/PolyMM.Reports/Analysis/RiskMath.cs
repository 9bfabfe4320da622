namespace PolyMM.Reports.Analysis;

/// <summary>
/// Risk and return statistics of an equity curve (docs/analysis.md#risk-and-return), in double: they are statistics,
/// not money. Equity is a step function of the tick samples: a value holds from its time until the next sample's.
/// </summary>
public static class RiskMath
{
    /// <summary>Minutes in a 365-day year: prediction markets trade around the clock, so a year is 525,600 minutes.</summary>
    public const double MinutesPerYear = 525_600d;

    private const long MinuteMicros = 60_000_000L;

    /// <summary>
    /// Returns over each whole minute of event time from <paramref name="startMicros"/> to <paramref name="endMicros"/>:
    /// E(k) / E(k − 1) − 1 with E(k) the equity at start + k minutes (the last sample at or before it, else
    /// <paramref name="startEquity"/>). A trailing part-minute is left out; a minute starting at equity ≤ 0 has no return.
    /// </summary>
    public static IReadOnlyList<double> MinuteReturns(IReadOnlyList<SeriesPoint> equity, decimal startEquity, long startMicros, long endMicros)
    {
        ArgumentNullException.ThrowIfNull(equity);
        var returns = new List<double>();
        var i = 0;
        var current = startEquity;
        decimal At(long t)
        {
            while (i < equity.Count && equity[i].Micros <= t)
            {
                current = equity[i].Value ?? current;
                i++;
            }

            return current;
        }

        var previous = At(startMicros);
        for (var t = startMicros + MinuteMicros; t <= endMicros; t += MinuteMicros)
        {
            var now = At(t);
            if (previous > 0m)
            {
                returns.Add((double)((now - previous) / previous));
            }

            previous = now;
        }

        return returns;
    }

    /// <summary>Annualised Sharpe ratio: mean / sample standard deviation (n − 1) × √525,600; null with fewer than 2 returns or no variation.</summary>
    public static double? Sharpe(IReadOnlyList<double> minuteReturns)
    {
        ArgumentNullException.ThrowIfNull(minuteReturns);
        if (minuteReturns.Count < 2)
        {
            return null;
        }

        var mean = minuteReturns.Average();
        var ss = minuteReturns.Sum(r => (r - mean) * (r - mean));
        var sd = Math.Sqrt(ss / (minuteReturns.Count - 1));
        return sd > 0d ? mean / sd * Math.Sqrt(MinutesPerYear) : null;
    }

    /// <summary>
    /// Annualised Sortino ratio: mean / downside deviation × √525,600, the downside deviation being √(Σ min(r, 0)² / n)
    /// over all n returns (target 0); null with fewer than 2 returns or no losing minute.
    /// </summary>
    public static double? Sortino(IReadOnlyList<double> minuteReturns)
    {
        ArgumentNullException.ThrowIfNull(minuteReturns);
        if (minuteReturns.Count < 2)
        {
            return null;
        }

        var downside = Math.Sqrt(minuteReturns.Sum(r => r < 0d ? r * r : 0d) / minuteReturns.Count);
        return downside > 0d ? minuteReturns.Average() / downside * Math.Sqrt(MinutesPerYear) : null;
    }

    /// <summary>
    /// The deepest fall from a running peak (as a fraction of the peak), how long that drawdown lasted (from its peak to the
    /// first sample back at or above the peak, or to the last sample if it never recovered), and the share of the series'
    /// time spent below a running peak. A series spanning no time has no time under water (null).
    /// </summary>
    public static DrawdownStats Drawdown(IReadOnlyList<SeriesPoint> equity)
    {
        ArgumentNullException.ThrowIfNull(equity);
        if (equity.Count == 0)
        {
            return new DrawdownStats(0d, 0d, null);
        }

        var peak = equity[0].Value ?? 0m;
        var peakAt = equity[0].Micros;
        var worst = 0d;
        long worstPeakAt = peakAt, worstEnd = peakAt;
        var worstOpen = false;
        long under = 0;
        for (var i = 0; i < equity.Count; i++)
        {
            var v = equity[i].Value ?? 0m;
            var t = equity[i].Micros;
            if (i > 0 && (equity[i - 1].Value ?? 0m) < peak)
            {
                under += t - equity[i - 1].Micros;
            }

            if (v >= peak)
            {
                if (worstOpen && worstPeakAt == peakAt)
                {
                    worstEnd = t;
                    worstOpen = false;
                }

                peak = v;
                peakAt = t;
                continue;
            }

            var dd = peak > 0m ? (double)((peak - v) / peak) : 0d;
            if (dd > worst)
            {
                worst = dd;
                worstPeakAt = peakAt;
                worstOpen = true;
            }
        }

        if (worstOpen)
        {
            worstEnd = equity[^1].Micros;
        }

        var span = equity[^1].Micros - equity[0].Micros;
        return new DrawdownStats(worst, (worstEnd - worstPeakAt) / 1e6, span > 0 ? (double)under / span : null);
    }
}

/// <summary>Max drawdown (fraction of the peak), its duration in seconds, and the fraction of time under water.</summary>
public readonly record struct DrawdownStats(double MaxDrawdownPct, double MaxDrawdownDurationSec, double? TimeUnderWaterPct);
