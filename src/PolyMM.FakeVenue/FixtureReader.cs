using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolyMM.FakeVenue;

/// <summary>
/// Reads a fixture directory (SPEC §2.1) into memory. Small and strict: a malformed file is an
/// <see cref="InvalidDataException"/> naming the file and line, raised at venue start-up.
/// </summary>
internal static class FixtureReader
{
    public static IReadOnlyList<(string Id, JsonObject Raw, IReadOnlyList<FixtureSnapshot> Snapshots)> Read(string dir)
    {
        var marketsPath = Path.Combine(dir, "markets.json");
        if (!File.Exists(marketsPath))
        {
            throw new FileNotFoundException($"fixture has no markets.json: {marketsPath}", marketsPath);
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(marketsPath));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{marketsPath}: {ex.Message}", ex);
        }

        if (root is not JsonArray array)
        {
            throw new InvalidDataException($"{marketsPath}: expected a JSON array of markets");
        }

        var result = new List<(string, JsonObject, IReadOnlyList<FixtureSnapshot>)>();
        var index = 0;
        foreach (var node in array)
        {
            index++;
            if (node is not JsonObject obj)
            {
                throw new InvalidDataException($"{marketsPath}: item {index} is not an object");
            }

            var id = Text(obj["conditionId"]) ?? Text(obj["id"])
                ?? throw new InvalidDataException($"{marketsPath}: item {index} has neither conditionId nor id");
            result.Add((id, obj, ReadSnapshots(Path.Combine(dir, "snapshots", id + ".jsonl"))));
        }

        return result;
    }

    public static IReadOnlyList<FixtureSnapshot> ReadSnapshots(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var list = new List<FixtureSnapshot>();
        var lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(line);
                var e = doc.RootElement;
                if (e.ValueKind != JsonValueKind.Object)
                {
                    throw new JsonException("expected an object");
                }

                list.Add(new FixtureSnapshot(
                    Timestamp: Str(e, "timestamp") is { } ts
                        ? DateTimeOffset.Parse(ts, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
                        : null,
                    BestBid: Dec(e, "best_bid"),
                    BestAsk: Dec(e, "best_ask"),
                    MidPrice: Dec(e, "mid_price"),
                    DepthBid1: Dec(e, "depth_bid_1"),
                    DepthAsk1: Dec(e, "depth_ask_1"),
                    LastTradePrice: Dec(e, "last_trade_price"),
                    BookSource: Str(e, "book_source")));
            }
            catch (Exception ex) when (ex is JsonException or FormatException)
            {
                throw new InvalidDataException($"{path}:{lineNo}: {ex.Message}", ex);
            }
        }

        return list;
    }

    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.ToJsonString(),
        _ => null,
    };

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static decimal? Dec(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
        {
            return null;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number => v.GetDecimal(),
            JsonValueKind.String when string.IsNullOrWhiteSpace(v.GetString()) => null,
            JsonValueKind.String => decimal.Parse(v.GetString()!, NumberStyles.Float, CultureInfo.InvariantCulture),
            JsonValueKind.Null => null,
            _ => throw new JsonException($"'{name}' is not a number"),
        };
    }
}
