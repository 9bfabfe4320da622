using System.Globalization;
using System.Text.Json;

namespace PolyMM.Data.Fixtures;

/// <summary>
/// Lenient readers for Polymarket-shaped JSON: numbers may arrive as strings, and list fields such as
/// <c>outcomes</c> may be JSON arrays or JSON arrays encoded inside a string.
/// </summary>
public static class JsonLenient
{
    /// <summary>The elements of a list field (array, or string holding an array); null when absent or not a list.</summary>
    public static IReadOnlyList<string>? StringList(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v))
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.String)
        {
            var text = v.GetString();
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            try
            {
                using var inner = JsonDocument.Parse(text);
                return inner.RootElement.ValueKind == JsonValueKind.Array ? Items(inner.RootElement) : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }

        return v.ValueKind == JsonValueKind.Array ? Items(v) : null;
    }

    /// <summary>A string property, or a number property as invariant text; null when absent.</summary>
    public static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => null,
            }
            : null;

    /// <summary>A decimal from a number or a numeric string; null when absent, null or unparsable.</summary>
    public static decimal? Decimal(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) ? Decimal(v) : null;

    public static decimal? Decimal(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number when v.TryGetDecimal(out var d) => d,
        JsonValueKind.String when decimal.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    private static List<string> Items(JsonElement array)
    {
        var list = new List<string>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.String ? item.GetString() ?? string.Empty : item.GetRawText());
        }

        return list;
    }
}
