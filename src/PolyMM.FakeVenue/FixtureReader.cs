using System.Text.Json;
using System.Text.Json.Nodes;
using PolyMM.Core.Market;
using PolyMM.Data.Fixtures;

namespace PolyMM.FakeVenue;

/// <summary>
/// Loads a fixture directory (docs/design.md#fixture-format) into memory for serving, through the same reader the offline
/// replay uses, so the venue and <c>mm run</c> agree on what a fixture means. A malformed file is a
/// <see cref="FixtureFormatException"/> naming the file and line, raised at venue start-up.
/// </summary>
internal static class FixtureReader
{
    public static IReadOnlyList<(string Id, JsonObject Raw, IReadOnlyList<FixtureSnapshot> Snapshots)> Read(string dir) =>
        [.. Fixture.Load(dir).Markets.Select(m => (m.Info.Id, (JsonObject)JsonNode.Parse(m.RawJson)!, ReadSnapshots(m.SnapshotPath)))];

    public static IReadOnlyList<FixtureSnapshot> ReadSnapshots(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        // Rows without a timestamp are served with the venue's clock, so the derived time is not kept.
        using var reader = new SnapshotFileReader(path, DateTimeOffset.UnixEpoch, TimeSpan.Zero);
        var list = new List<FixtureSnapshot>();
        while (reader.TryRead(out var s))
        {
            list.Add(new FixtureSnapshot(
                reader.LastHadTimestamp ? s.Ts : null,
                s.BestBid,
                s.BestAsk,
                s.MidPrice,
                s.DepthBid1,
                s.DepthAsk1,
                s.LastTradePrice,
                s.BookSource.ToName()));
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
}
