using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PolyMM.FakeVenue.Tests;

/// <summary>One fixture snapshot line; null fields are left out of the JSON line.</summary>
internal sealed record FixtureLine(DateTimeOffset? Ts, decimal? Bid, decimal? Ask, decimal? DepthBid, decimal? DepthAsk, decimal? Ltp);

/// <summary>One fixture market: its key, how markets.json spells it, and its snapshot lines.</summary>
internal sealed record FixtureMarket(string Key, bool UseConditionId, bool OutcomesAsString, decimal? GammaYes, IReadOnlyList<FixtureLine> Lines);

/// <summary>
/// Writes a fixture directory (docs/design.md#fixture-format) into a fresh temp dir: markets.json plus snapshots/&lt;id&gt;.jsonl.
/// Deterministic: the same calls write the same bytes.
/// </summary>
internal sealed class FixtureBuilder : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 2, 6, 2, 0, 0, TimeSpan.Zero);

    private readonly List<FixtureMarket> _markets = [];
    private readonly TempDir _tmp = new();

    public FixtureBuilder()
    {
        Dir = _tmp.Path;
        Directory.CreateDirectory(Path.Combine(Dir, "snapshots"));
    }

    public string Dir { get; }

    public IReadOnlyList<FixtureMarket> Markets => _markets;

    /// <summary>
    /// <paramref name="count"/> well-behaved markets × <paramref name="snapshots"/> lines: mid drifts 0.001 per line,
    /// spread 0.02, depth 100+j / 200+j, a timestamp every 2 s. Every 4th market has only an "id" (fixture-style),
    /// half spell outcomes as a JSON-encoded string.
    /// </summary>
    public static FixtureBuilder Standard(int count = 12, int snapshots = 20)
    {
        var b = new FixtureBuilder();
        for (var i = 0; i < count; i++)
        {
            var baseMid = 0.30m + (0.03m * i);
            var lines = Enumerable.Range(0, snapshots)
                .Select(j => new FixtureLine(T0.AddSeconds(2 * j), baseMid + (0.001m * j) - 0.01m, baseMid + (0.001m * j) + 0.01m, 100m + j, 200m + j, baseMid))
                .ToList();
            b.Add(new FixtureMarket(KeyOf(i), UseConditionId: i % 4 != 3, OutcomesAsString: i % 2 == 1, GammaYes: baseMid, lines));
        }

        return b;
    }

    public static string KeyOf(int i) => i % 4 == 3
        ? $"fx-mkt-{i}"
        : "0x" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"market-{i}")));

    public FixtureBuilder Add(FixtureMarket market)
    {
        _markets.Add(market);
        return this;
    }

    public string Write()
    {
        File.WriteAllText(Path.Combine(Dir, "markets.json"), Json(w =>
        {
            w.WriteStartArray();
            for (var i = 0; i < _markets.Count; i++)
            {
                WriteMarket(w, _markets[i], i);
            }

            w.WriteEndArray();
        }));

        foreach (var m in _markets)
        {
            var sb = new StringBuilder();
            foreach (var l in m.Lines)
            {
                sb.Append(Json(w => WriteLine(w, l))).Append('\n');
            }

            File.WriteAllText(Path.Combine(Dir, "snapshots", m.Key + ".jsonl"), sb.ToString());
        }

        return Dir;
    }

    public void Dispose() => _tmp.Dispose();

    private static void WriteMarket(Utf8JsonWriter w, FixtureMarket m, int i)
    {
        w.WriteStartObject();
        if (m.UseConditionId)
        {
            w.WriteString("id", (600000 + i).ToString(CultureInfo.InvariantCulture));
            w.WriteString("conditionId", m.Key);
        }
        else
        {
            w.WriteString("id", m.Key);
        }

        w.WriteString("question", $"Will fixture event {i} happen?");
        w.WriteString("slug", $"fixture-event-{i}");
        if (m.OutcomesAsString)
        {
            w.WriteString("outcomes", "[\"Yes\", \"No\"]");
        }
        else
        {
            w.WriteStartArray("outcomes");
            w.WriteStringValue("Yes");
            w.WriteStringValue("No");
            w.WriteEndArray();
        }

        if (m.GammaYes is { } g)
        {
            w.WriteStartArray("outcomePrices");
            w.WriteStringValue(g.ToString(CultureInfo.InvariantCulture));
            w.WriteStringValue((1m - g).ToString(CultureInfo.InvariantCulture));
            w.WriteEndArray();
        }

        w.WriteNumber("orderPriceMinTickSize", 0.001m);
        w.WriteEndObject();
    }

    private static void WriteLine(Utf8JsonWriter w, FixtureLine l)
    {
        w.WriteStartObject();
        if (l.Ts is { } ts)
        {
            w.WriteString("timestamp", ts.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        }

        Num(w, "best_bid", l.Bid);
        Num(w, "best_ask", l.Ask);
        Num(w, "mid_price", l.Bid is { } b && l.Ask is { } a ? (b + a) / 2m : null);
        Num(w, "depth_bid_1", l.DepthBid);
        Num(w, "depth_ask_1", l.DepthAsk);
        Num(w, "last_trade_price", l.Ltp);
        w.WriteEndObject();
    }

    private static void Num(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
