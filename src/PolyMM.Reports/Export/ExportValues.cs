using System.Globalization;

namespace PolyMM.Reports.Export;

/// <summary>How exported values are represented (docs/data-dictionary.md#export).</summary>
public static class ExportValues
{
    /// <summary>Decimals of every exported decimal column: the ledger's amounts have at most 6.</summary>
    public const int DecimalScale = 6;

    /// <summary>A value at the export's scale, rounded half-to-even (a no-op for every ledger amount).</summary>
    public static decimal Scaled(decimal value) => Math.Round(value, DecimalScale, MidpointRounding.ToEven);

    /// <summary>A decimal as CSV text: invariant culture, no exponent, no trailing zeros.</summary>
    public static string DecimalText(decimal value) =>
        (Scaled(value) / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);

    /// <summary>A UTC instant as CSV text: ISO-8601 with microseconds and Z.</summary>
    public static string TimestampText(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
