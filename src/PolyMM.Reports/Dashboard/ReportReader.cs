using System.Text.Json;

namespace PolyMM.Reports.Dashboard;

/// <summary>
/// Typed reads from a report's <see cref="JsonDocument"/> that turn "absent or null" into null and
/// "present but the wrong type" into a one-line <see cref="DashboardInputException"/> naming the file
/// and the key, so a broken report never becomes a stack trace in the CLI.
/// </summary>
internal sealed class ReportReader(string source)
{
    public DashboardInputException Error(string key, string problem) =>
        new(key.Length == 0 ? $"{source}: {problem}" : $"{source}: {key} {problem}");

    /// <summary>An identifier that the analyzer may write as a string or a number (run_id is a SQLite rowid).</summary>
    public string? IdText(JsonElement obj, string name, string prefix = "")
    {
        if (!obj.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => throw Error(Join(prefix, name), "is not a string or number"),
        };
    }

    /// <summary>A number at a dotted path below <paramref name="start"/>; null when any step is absent or null.</summary>
    public decimal? Number(JsonElement start, string dottedPath, string prefix = "")
    {
        var current = start;
        var walked = prefix;
        foreach (var step in dottedPath.Split('.'))
        {
            if (current.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            if (current.ValueKind != JsonValueKind.Object)
            {
                throw Error(walked, "is not an object");
            }

            walked = Join(walked, step);
            if (!current.TryGetProperty(step, out current))
            {
                return null;
            }
        }

        return NumberValue(current, walked);
    }

    public decimal? NumberValue(JsonElement v, string key)
    {
        switch (v.ValueKind)
        {
            case JsonValueKind.Null:
                return null;
            case JsonValueKind.Number when v.TryGetDecimal(out var d):
                return d;
            case JsonValueKind.Number:
                throw Error(key, $"is out of range ({v.GetRawText()})");
            default:
                throw Error(key, "is not a number");
        }
    }

    /// <summary>The child <paramref name="name"/> if present and not null; wrong kinds are an error.</summary>
    public JsonElement? Child(JsonElement obj, string name, JsonValueKind kind, string prefix = "")
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == kind ? v : throw Error(Join(prefix, name), $"is not a JSON {kind.ToString().ToLowerInvariant()}");
    }

    /// <summary>
    /// The objects of the array <paramref name="name"/> (none when it is absent or null), each with its key for errors
    /// (<c>name[i]</c>) and its index; an item that is not an object is an error naming it.
    /// </summary>
    public IEnumerable<(JsonElement Item, string Key, int Index)> Objects(JsonElement obj, string name)
    {
        if (Child(obj, name, JsonValueKind.Array) is not { } arr)
        {
            yield break;
        }

        var i = 0;
        foreach (var item in arr.EnumerateArray())
        {
            var key = $"{name}[{i}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Error(key, "is not an object");
            }

            yield return (item, key, i++);
        }
    }

    public DateTimeOffset Time(JsonElement v, string key) =>
        v.ValueKind == JsonValueKind.String && DashboardRunLoader.TryParseTime(v.GetString(), out var t)
            ? t
            : throw Error(key, $"has a timestamp that is not ISO-8601 ({Shorten(v.GetRawText())})");

    /// <summary>A curve written as <c>[[ts_iso, value_or_null], ...]</c>, sorted by time for drawing.</summary>
    public List<TimePoint> Curve(JsonElement obj, string name, string prefix = "")
    {
        var points = new List<TimePoint>();
        var key = Join(prefix, name);
        if (Child(obj, name, JsonValueKind.Array, prefix) is not { } arr)
        {
            return points;
        }

        var i = 0;
        foreach (var pair in arr.EnumerateArray())
        {
            var pk = $"{key}[{i++}]";
            if (pair.ValueKind != JsonValueKind.Array || pair.GetArrayLength() < 2)
            {
                throw Error(pk, "is not [ts, value]");
            }

            points.Add(new TimePoint(Time(pair[0], pk), NumberValue(pair[1], pk)));
        }

        // Stable sort: the analyzer writes curves in time order, but a chart must not zig-zag if one is not.
        return [.. points.OrderBy(p => p.Time)];
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";

    private static string Shorten(string raw) => raw.Length <= 40 ? raw : raw[..40] + "…";
}
