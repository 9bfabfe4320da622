using System.Globalization;

namespace PolyMM.Reports.Dashboard;

/// <summary>
/// The one time axis every time chart of a page shares (docs/design.md#dashboard-time-axis). When the runs start
/// together (the same fixture replayed, live runs side by side), the axis is absolute UTC; when they do not (runs
/// made one after another), each run is shifted to start at 0 and the axis is time since start, so the runs still
/// lie on top of each other. Ticks are at round steps (1 s … 1 d) chosen so a chart gets
/// at most <see cref="MaxTicks"/> of them.
/// </summary>
public sealed class TimeAxis
{
    /// <summary>The most ticks an axis gets.</summary>
    public const int MaxTicks = 8;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly double[] Steps = [1, 5, 15, 60, 300, 900, 3600, 6 * 3600, 86400, 7 * 86400, 30 * 86400];

    private readonly double[] _offsets;

    private TimeAxis(bool elapsed, double min, double max, double[] offsets, IReadOnlyList<DateTimeOffset?> starts, IReadOnlyList<DateTimeOffset?> ends)
    {
        Ends = ends;
        Elapsed = elapsed;
        Min = min;
        Max = max;
        _offsets = offsets;
        Starts = starts;
        Step = PickStep(max - min);
    }

    /// <summary>True when each run is drawn from its own start (time since start), false for absolute UTC.</summary>
    public bool Elapsed { get; }

    /// <summary>Left end of the axis, in axis seconds (Unix seconds, or seconds since start when <see cref="Elapsed"/>).</summary>
    public double Min { get; }

    /// <summary>Right end of the axis, in axis seconds.</summary>
    public double Max { get; }

    /// <summary>Seconds between ticks.</summary>
    public double Step { get; }

    /// <summary>Each run's first instant (null for a run with no time series).</summary>
    public IReadOnlyList<DateTimeOffset?> Starts { get; }

    /// <summary>Each run's last instant (null for a run with no time series).</summary>
    public IReadOnlyList<DateTimeOffset?> Ends { get; }

    /// <summary>The axis for <paramref name="runs"/>, from every instant any of their series has.</summary>
    public static TimeAxis For(IReadOnlyList<DashboardRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var spans = runs.Select(Span).ToList();
        var present = spans.Where(s => s is not null).Select(s => s!.Value).ToList();
        var starts = spans.Select(s => s is { } v ? DateTimeOffset.UnixEpoch.AddMilliseconds(v.Start * 1000) : (DateTimeOffset?)null).ToList();
        var ends = spans.Select(s => s is { } v ? DateTimeOffset.UnixEpoch.AddMilliseconds(v.End * 1000) : (DateTimeOffset?)null).ToList();
        if (present.Count == 0)
        {
            return new TimeAxis(false, 0, 60, new double[runs.Count], starts, ends);
        }

        // Together: every run starts within 5% of the longest span (or 1 s) of the earliest start, as when the
        // same fixture is replayed or live runs are started side by side.
        var earliest = present.Min(s => s.Start);
        var longest = present.Max(s => s.End - s.Start);
        var overlap = present.All(s => s.Start - earliest <= Math.Max(1, longest * 0.05));
        var offsets = overlap ? new double[runs.Count] : [.. spans.Select(s => s?.Start ?? 0)];
        var min = overlap ? present.Min(s => s.Start) : 0;
        var max = overlap ? present.Max(s => s.End) : present.Max(s => s.End - s.Start);
        if (max - min < 1)
        {
            // A single instant still gets a readable axis: a few seconds either side.
            (min, max) = (min - 5, max + 5);
        }

        return new TimeAxis(!overlap, min, max, offsets, starts, ends);
    }

    /// <summary>Where instant <paramref name="t"/> of run <paramref name="run"/> lies on the axis, in axis seconds.</summary>
    public double ToAxis(int run, DateTimeOffset t) => Seconds(t) - _offsets[run];

    /// <summary>The tick positions (axis seconds) and their labels.</summary>
    public IEnumerable<(double At, string Label)> Ticks()
    {
        var first = Math.Ceiling(Min / Step) * Step;
        for (var s = first; s <= Max + 1e-9; s += Step)
        {
            yield return (s, Label(s));
        }
    }

    /// <summary>The axis caption: the time zone (UTC) and the date, or what "time since start" is measured from.</summary>
    public string Caption()
    {
        if (!Elapsed)
        {
            var from = FromSeconds(Min).ToString("yyyy-MM-dd", Inv);
            var to = FromSeconds(Max).ToString("yyyy-MM-dd", Inv);
            return from == to ? $"Time (UTC, {from})" : $"Time (UTC, {from} to {to})";
        }

        return "Time since run start (h:mm:ss; each run's start in UTC is in the legend)";
    }

    /// <summary>A tooltip time: UTC, or time since start plus the UTC instant.</summary>
    public string Describe(int run, DateTimeOffset t) =>
        Elapsed ? $"+{Duration(ToAxis(run, t), 1)} ({DashboardFormat.Time(t)})" : DashboardFormat.Time(t);

    /// <summary>The smallest round step (1 s, 5 s, 15 s, 1 min, 5 min, 15 min, 1 h, 6 h, 1 d, 7 d, 30 d) giving at most <see cref="MaxTicks"/> ticks over <paramref name="span"/> seconds.</summary>
    public static double PickStep(double span)
    {
        foreach (var step in Steps)
        {
            if (span / step <= MaxTicks)
            {
                return step;
            }
        }

        return Steps[^1] * Math.Ceiling(span / Steps[^1] / MaxTicks);
    }

    private string Label(double s)
    {
        if (Elapsed)
        {
            return "+" + Duration(s, Step);
        }

        var t = FromSeconds(s);
        // A tick at midnight shows the date, so a multi-day axis says which day is which.
        return Step >= 86400 ? t.ToString("MM-dd", Inv)
            : Step >= 60 ? (t.TimeOfDay == TimeSpan.Zero ? t.ToString("MM-dd", Inv) : t.ToString("HH:mm", Inv))
            : t.ToString("HH:mm:ss", Inv);
    }

    private static string Duration(double seconds, double step)
    {
        var ts = TimeSpan.FromSeconds(Math.Round(Math.Max(0, seconds)));
        if (step >= 86400 && ts.TotalDays >= 1)
        {
            return ts.TotalDays.ToString("0.#", Inv) + "d";
        }

        return step >= 60
            ? $"{(int)ts.TotalHours}:{ts.Minutes:00}".ToString(Inv)
            : $"{(int)ts.TotalHours}:{ts.Minutes:00}:{ts.Seconds:00}".ToString(Inv);
    }

    private static (double Start, double End)? Span(DashboardRun run)
    {
        double? lo = null, hi = null;
        void See(DateTimeOffset t)
        {
            var s = Seconds(t);
            lo = lo is { } l ? Math.Min(l, s) : s;
            hi = hi is { } h ? Math.Max(h, s) : s;
        }

        foreach (var p in run.EquityCurve.Concat(run.ExposureCurve))
        {
            See(p.Time);
        }

        foreach (var m in run.Markets)
        {
            foreach (var p in m.Mid.Concat(m.Bid).Concat(m.Ask))
            {
                See(p.Time);
            }

            foreach (var f in m.Fills)
            {
                See(f.Time);
            }
        }

        return lo is { } a && hi is { } b ? (a, b) : null;
    }

    internal static double Seconds(DateTimeOffset t) => t.ToUnixTimeMilliseconds() / 1000.0;

    private static DateTime FromSeconds(double s) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(s * 1000)).UtcDateTime;
}
