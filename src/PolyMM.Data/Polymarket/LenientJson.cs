using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PolyMM.Data.Polymarket;

/// <summary>
/// Readers for the venue's loose typing: numbers arrive as numbers or strings, absent decimals as "" or null,
/// and Gamma encodes arrays as JSON text inside a string (docs/design.md#polymarket-wire-facts). Anything else is a JsonException,
/// which the parser turns into a bad_json error value.
/// </summary>
internal static class LenientJson
{
    public static decimal? ReadDecimal(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.TryGetDecimal(out var d) ? d : throw new JsonException($"number out of range: {e.GetRawText()}"),
        JsonValueKind.String => ParseDecimal(e.GetString()),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => throw new JsonException($"expected a number, got {e.ValueKind}"),
    };

    public static decimal? ParseDecimal(string? s)
    {
        if (string.IsNullOrWhiteSpace(s))
        {
            return null;
        }

        return decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new JsonException($"not a decimal: \"{s}\"");
    }

    public static string? ReadString(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => throw new JsonException($"expected a string, got {e.ValueKind}"),
    };

    public static bool? ReadBool(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when bool.TryParse(e.GetString(), out var b) => b,
        _ => null,
    };

    /// <summary>An array of strings, sent either as a JSON array or as a string holding a JSON array.</summary>
    public static IReadOnlyList<string> ReadStringArray(JsonElement e)
    {
        if (e.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return [];
        }

        if (e.ValueKind == JsonValueKind.String)
        {
            var text = e.GetString();
            if (string.IsNullOrWhiteSpace(text))
            {
                return [];
            }

            using var inner = JsonDocument.Parse(text);
            return ReadPlainArray(inner.RootElement);
        }

        return ReadPlainArray(e);
    }

    public static IReadOnlyList<decimal?> ReadDecimalArray(JsonElement e) =>
        ReadStringArray(e).Select(ParseDecimal).ToArray();

    public static JsonElement? Property(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? v : null;

    private static string[] ReadPlainArray(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException($"expected an array, got {e.ValueKind}");
        }

        var list = new string[e.GetArrayLength()];
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            list[i++] = ReadString(item) ?? throw new JsonException("null inside an id/outcome array");
        }

        return list;
    }
}

/// <summary>decimal? from a JSON number, a numeric string, "" or null.</summary>
internal sealed class LenientDecimalConverter : JsonConverter<decimal?>
{
    public override bool HandleNull => true;

    public override decimal? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.Number => reader.TryGetDecimal(out var d) ? d : throw new JsonException("number out of range"),
            JsonTokenType.String => LenientJson.ParseDecimal(reader.GetString()),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"expected a number, got {reader.TokenType}"),
        };

    public override void Write(Utf8JsonWriter writer, decimal? value, JsonSerializerOptions options)
    {
        if (value is { } d)
        {
            writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>string? from a JSON string or number (epoch-ms timestamps and token ids have been seen as both).</summary>
internal sealed class LenientStringConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.Null => null,
            _ => throw new JsonException($"expected a string, got {reader.TokenType}"),
        };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
