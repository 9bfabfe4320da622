using System.Globalization;

namespace PolyMM.Reports.Analysis;

/// <summary>How report values are spelled: ISO-8601 UTC instants and normalised decimals, the same on every machine.</summary>
public static class ReportFormat
{
    public static string Iso(long micros) =>
        new DateTimeOffset(DateTimeOffset.UnixEpoch.UtcTicks + (micros * 10), TimeSpan.Zero)
            .UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The same value without trailing zeros (1.17600 → 1.176), so equal amounts print equally.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;
}
