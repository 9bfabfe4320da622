using System.Globalization;

namespace PolyMM.Reports.Dashboard;

/// <summary>
/// Human units for the dashboard (docs/design.md#markdown-report): USD and percentages with 2 decimals, invariant culture.
/// Values are rounded half away from zero, the way a person rounds cents.
/// </summary>
public static class DashboardFormat
{
    /// <summary>Shown where the report has no value.</summary>
    public const string Missing = "n/a";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>-1234.5 → "-$1,234.50".</summary>
    public static string Usd(decimal? value) =>
        value is { } v ? (v < 0 && Round2(-v) != 0m ? "-$" : "$") + Round2(Math.Abs(v)).ToString("#,##0.00", Inv) : Missing;

    /// <summary>A fraction as a percentage: 0.12345 → "12.35%".</summary>
    public static string Percent(decimal? fraction) =>
        fraction is { } f ? Round2(f * 100m).ToString("0.00", Inv) + "%" : Missing;

    /// <summary>A count: 1234 → "1,234" (a fractional count keeps 2 decimals rather than hiding them).</summary>
    public static string Count(decimal? value) =>
        value is { } v ? (v == decimal.Truncate(v) ? v.ToString("#,##0", Inv) : Round2(v).ToString("#,##0.00", Inv)) : Missing;

    /// <summary>A fraction as a percentage with as many decimals as it has (up to 6): -0.00012 → "-0.012%", for axis ticks of small values.</summary>
    public static string FinePercent(decimal fraction) =>
        Math.Round(fraction * 100m, 6, MidpointRounding.AwayFromZero).ToString("0.######", Inv) + "%";

    /// <summary>A USD difference with its sign: "+$1.20", "-$0.50", "$0.00".</summary>
    public static string UsdDelta(decimal? delta) =>
        delta is { } d ? Signed(d, Round2(Math.Abs(d)), m => Usd(m)) : Missing;

    /// <summary>A difference of two fractions in percentage points: 0.012 → "+1.20 pp".</summary>
    public static string PercentPointsDelta(decimal? delta) =>
        delta is { } d ? Signed(d, Round2(Math.Abs(d) * 100m), m => m.ToString("0.00", Inv) + " pp") : Missing;

    /// <summary>A count difference with its sign: "+3", "-1", "0".</summary>
    public static string CountDelta(decimal? delta) =>
        delta is { } d ? Signed(d, Round2(Math.Abs(d)), m => Count(m)) : Missing;

    /// <summary>An instant as the hover text of a chart point: "2025-01-02 13:04:05 UTC".</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Inv) + " UTC";

    /// <summary>A price (probability) with up to 4 decimals, as tick sizes go down to 0.001 and mids to half of that.</summary>
    public static string Price(decimal? price) =>
        price is { } p ? p.ToString("0.00##", Inv) : Missing;

    /// <summary>The exact value for machine-readable attributes (data-value), or "" when absent.</summary>
    public static string Raw(decimal? value) =>
        value is { } v ? v.ToString(Inv) : "";

    // The sign follows the shown magnitude: a delta that rounds to zero shows no sign, so "+$0.00"
    // never suggests a change that is not there.
    private static string Signed(decimal delta, decimal shownMagnitude, Func<decimal, string> format) =>
        (shownMagnitude == 0m ? "" : delta > 0 ? "+" : "-") + format(shownMagnitude);

    private static decimal Round2(decimal v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);
}
