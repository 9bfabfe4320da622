using System.Globalization;
using PolyMM.Core.Market;

namespace PolyMM.Core.Tests.Support;

/// <summary>Snapshot builders for tests. Times are seconds after a fixed event-time origin.</summary>
internal static class Snap
{
    public static readonly DateTimeOffset T0 = new(2026, 2, 6, 2, 9, 28, TimeSpan.Zero);

    public static DateTimeOffset At(double seconds) => T0.AddSeconds(seconds);

    /// <summary>A valid book with the stated mid equal to (bid + ask)/2 and the sample's depths.</summary>
    public static Snapshot Book(double seconds, decimal bid, decimal ask, decimal? ltp = null) =>
        new(At(seconds), bid, ask, (bid + ask) / 2m, 1200m, 1300m, ltp);

    /// <summary>The sample fixture's sample-mkt-1 book (docs/design.md#fixture-format).</summary>
    public static Snapshot Sample1(double seconds, decimal? ltp = null) => Book(seconds, 0.4975m, 0.5025m, ltp);

    /// <summary>Parses an invariant-culture decimal; null stays null (an absent field).</summary>
    public static decimal? D(string? s) => s is null ? null : decimal.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
}
