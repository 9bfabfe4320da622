using System.Globalization;
using System.Text.Json;
using PolyMM.Core.Instruments;
using PolyMM.Data.Fixtures;

namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// markets.json of a market-channel recording (docs/design.md#websocket-recording): an object
/// <c>{"format":"polymm-ws-1","markets":[…]}</c>, one entry per recorded market with its condition id, title, YES and
/// NO token ids, tick size, minimum order size, reward terms and fee schedule as the parser read them from the Gamma
/// object (<see cref="GammaMarket.Economics"/>; null when it states none or none usable), and the raw Gamma object.
/// <see cref="Read"/> turns the entries into <see cref="InstrumentSpec"/>s.
/// </summary>
public static class WsMarketsFile
{
    public const string FormatName = "polymm-ws-1";
    public const string FileName = "markets.json";

    /// <summary>Default tick when neither the market nor a snapshot states one.</summary>
    public const decimal DefaultTick = 0.01m;

    /// <summary>Writes markets.json (temp file + rename); refuses a directory that already holds one.</summary>
    public static void Write(string directory, IReadOnlyList<GammaMarket> markets)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(markets);
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            throw new IOException($"{path} already exists; record into a new directory");
        }

        Directory.CreateDirectory(directory);
        var temp = path + ".tmp";
        File.WriteAllBytes(temp, ToJson(markets));
        File.Move(temp, path);
    }

    /// <summary>
    /// The entries <see cref="Write"/> would store for <paramref name="markets"/>, read back exactly as
    /// <see cref="ReadEntries"/> reads them: an online run on the market channel trades on the same instruments (ticks,
    /// sizes, rewards, fees) as a replay of what it recorded.
    /// </summary>
    public static IReadOnlyList<WsMarketEntry> Entries(IReadOnlyList<GammaMarket> markets)
    {
        ArgumentNullException.ThrowIfNull(markets);
        using var doc = JsonDocument.Parse(ToJson(markets));
        return Parse(doc.RootElement, "markets.json");
    }

    private static byte[] ToJson(IReadOnlyList<GammaMarket> markets)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", FormatName);
            w.WriteStartArray("markets");
            foreach (var m in markets)
            {
                WriteMarket(w, m);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return ms.ToArray();
    }

    /// <summary>The instruments of a recording, in file order (index = position).</summary>
    /// <exception cref="FixtureFormatException">No markets.json, or one that is not a recording's.</exception>
    public static IReadOnlyList<InstrumentSpec> Read(string directory) => [.. ReadEntries(directory).Select(e => e.Instrument)];

    /// <summary>The markets of a recording with their titles, in file order (index = position).</summary>
    /// <exception cref="FixtureFormatException">No markets.json, or one that is not a recording's.</exception>
    public static IReadOnlyList<WsMarketEntry> ReadEntries(string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            throw new FixtureFormatException($"{directory}: no markets.json (not a recording directory)");
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return Parse(doc.RootElement, path);
        }
        catch (JsonException e)
        {
            throw new FixtureFormatException($"{path}: not valid JSON ({e.Message})");
        }
    }

    private static List<WsMarketEntry> Parse(JsonElement root, string path)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("markets", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            throw new FixtureFormatException($"{path}: not a market-channel recording's markets.json (expected {{\"format\":\"{FormatName}\",\"markets\":[…]}})");
        }

        var entries = new List<WsMarketEntry>();
        foreach (var m in list.EnumerateArray())
        {
            var id = Text(m, "condition_id");
            var yes = Text(m, "yes_token_id");
            if (id is null || yes is null)
            {
                throw new FixtureFormatException($"{path}: market {entries.Count + 1} lacks condition_id or yes_token_id");
            }

            var spec = new InstrumentSpec(entries.Count, id, yes, Text(m, "no_token_id") ?? "",
                Number(m, "tick_size") ?? DefaultTick, Number(m, "min_order_size") ?? 0m, Rewards(m), Fees(m));
            entries.Add(new WsMarketEntry(spec, Text(m, "title") ?? id));
        }

        return entries;
    }

    private static void WriteMarket(Utf8JsonWriter w, GammaMarket m)
    {
        using var raw = JsonDocument.Parse(string.IsNullOrEmpty(m.Raw) ? "{}" : m.Raw);
        var g = raw.RootElement;
        var yesIndex = m.YesIndex;
        var yes = m.YesTokenId;
        var no = m.ClobTokenIds.Count == 2 ? m.ClobTokenIds[1 - Math.Min(yesIndex, 1)] : null;
        w.WriteStartObject();
        w.WriteString("condition_id", m.ConditionId ?? m.Id);
        w.WriteString("title", m.Title);
        w.WriteString("yes_token_id", yes);
        w.WriteString("no_token_id", no);
        Dec(w, "tick_size", G(g, "orderPriceMinTickSize"));
        Dec(w, "min_order_size", m.OrderMinSize);
        // Rewards and fees are the terms the parser read from the Gamma object (GammaMarket.Economics), never a second
        // reading of the raw text: a polled run, a channel run and a replay of this file trade on the same terms, and terms
        // the rules refuse are not written (docs/design.md#websocket-recording).
        if (m.Economics.Rewards is { } rewards)
        {
            w.WriteStartObject("rewards");
            Dec(w, "max_spread_cents", Tidy(rewards.MaxSpread * 100m));
            Dec(w, "min_size", rewards.MinSize);
            Dec(w, "daily_rate", rewards.DailyRate);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("rewards");
        }

        if (m.Economics.Fees is { } fees)
        {
            w.WriteStartObject("fees");
            Dec(w, "rate", fees.Rate);
            Dec(w, "exponent", fees.Exponent);
            Dec(w, "rebate_rate", fees.RebateRate);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("fees");
        }

        w.WritePropertyName("gamma");
        g.WriteTo(w);
        w.WriteEndObject();
    }

    // 0.035 × 100 is 3.500 in decimal; the file states 3.5 as Gamma did (the value is the same either way).
    private static decimal Tidy(decimal d) => d / 1.0000000000000000000000000000m;

    // Reward spread is stated in cents (3.5 = 3.5¢); the instrument keeps price units (0.035).
    private static RewardTerms? Rewards(JsonElement m) =>
        m.TryGetProperty("rewards", out var r) && r.ValueKind == JsonValueKind.Object
        && Number(r, "max_spread_cents") is { } spread && Number(r, "min_size") is { } min && Number(r, "daily_rate") is { } daily
            ? new RewardTerms(spread / 100m, min, daily)
            : null;

    private static FeeSchedule? Fees(JsonElement m) =>
        m.TryGetProperty("fees", out var f) && f.ValueKind == JsonValueKind.Object && Number(f, "rate") is { } rate
            ? new FeeSchedule(rate, Number(f, "exponent") ?? 1m, Number(f, "rebate_rate") ?? 0m)
            : null;

    private static decimal? G(JsonElement g, string name) =>
        g.ValueKind == JsonValueKind.Object && g.TryGetProperty(name, out var v) ? AsDecimal(v) : null;

    private static decimal? AsDecimal(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Number when v.TryGetDecimal(out var d) => d,
        JsonValueKind.String when decimal.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    private static void Dec(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteString(name, v.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static string? Text(JsonElement m, string name) =>
        m.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static decimal? Number(JsonElement m, string name) =>
        m.ValueKind == JsonValueKind.Object && m.TryGetProperty(name, out var v) ? AsDecimal(v) : null;
}

/// <summary>One market of a recording's markets.json: its instrument and title.</summary>
public sealed record WsMarketEntry(InstrumentSpec Instrument, string Title);
