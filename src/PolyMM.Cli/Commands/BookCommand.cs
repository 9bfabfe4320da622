using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PolyMM.Cli.Running;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.Cli.Commands;

/// <summary>
/// <c>mm book show</c> (docs/design.md#websocket-recording): replays a market-channel recording up to a receive time and
/// prints each token's rebuilt book with its stream counters.
/// </summary>
internal static class BookCommand
{
    public static Command Create(CliContext cli)
    {
        var fixtureDir = new Option<string>("--fixture-dir") { Description = "market-channel recording (markets.json + ws-*.jsonl.gz)", Required = true };
        var asset = new Option<string>("--asset") { Description = "only this token id [default: every token]" };
        var at = new Option<string>("--at") { Description = "ISO-8601 time; frames received after it are not applied [default: end of data]" };
        var json = new Option<bool>("--json") { Description = "print {\"assets\":[…]} instead of text" };
        var depth = new Option<int>("--depth") { Description = "levels per side in the text output (JSON has all)", DefaultValueFactory = _ => 10 };
        var show = new Command("show", "Print the rebuilt L2 book of each token of a recording as of a time") { fixtureDir, asset, at, json, depth };
        show.SetAction(result =>
        {
            var dir = result.GetValue(fixtureDir)!;
            if (!Directory.Exists(dir))
            {
                throw new SettingsException($"--fixture-dir: {dir} does not exist");
            }

            DateTimeOffset? asOf = null;
            if (result.GetValue(at) is { } text)
            {
                asOf = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                    ? t
                    : throw new SettingsException($"--at: '{text}' is not an ISO-8601 time (e.g. 2026-12-01T10:30:00Z)");
            }

            if (result.GetValue(depth) < 1)
            {
                throw new SettingsException("--depth must be >= 1");
            }

            var (parser, instruments, files) = WsBookReplay.Replay(dir, asOf);
            var order = new List<(string Asset, string Label)>();
            foreach (var i in instruments)
            {
                order.Add((i.YesTokenId, $"{i.ConditionId} YES"));
                if (i.NoTokenId.Length > 0)
                {
                    order.Add((i.NoTokenId, $"{i.ConditionId} NO"));
                }
            }

            var known = order.Select(o => o.Asset).ToHashSet(StringComparer.Ordinal);
            order.AddRange(parser.Books.Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal).Select(k => (k, "not in markets.json")));
            if (result.GetValue(asset) is { } only)
            {
                order = [.. order.Where(o => o.Asset == only)];
                if (order.Count == 0)
                {
                    throw new SettingsException($"--asset: {only} is not a token of {dir}");
                }
            }

            if (result.GetValue(json))
            {
                WriteJson(cli.Out, order, parser);
            }
            else
            {
                WriteText(cli.Out, order, parser, result.GetValue(depth));
            }

            foreach (var p in files.Problems)
            {
                cli.Err.WriteLine($"warning: {p}");
            }

            return ExitCodes.Ok;
        });
        return new Command("book", "Inspect L2 books rebuilt from a market-channel recording") { show };
    }

    private static void WriteText(TextWriter o, List<(string Asset, string Label)> order, MarketChannelParser parser, int depth)
    {
        foreach (var (id, label) in order)
        {
            if (!parser.Books.TryGetValue(id, out var a))
            {
                o.WriteLine($"asset {id} ({label}): no data");
                continue;
            }

            var b = a.Book;
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"asset {id} ({label}): best_bid {Level(b.BestBid)} best_ask {Level(b.BestAsk)} events={a.Events} bbo_mismatches={a.BboMismatches} resyncs={a.Resyncs} crossed={a.Crossed} epoch={a.Epoch}{(a.Paused || a.OutOfSync || a.AwaitingSnapshot ? " (paused until the next book)" : "")}"));
            o.WriteLine($"  bids: {Levels(b.LevelsOf(Side.Buy), depth)}");
            o.WriteLine($"  asks: {Levels(b.LevelsOf(Side.Sell), depth)}");
        }
    }

    private static string Level(PriceLevel? l) =>
        l is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v.Price} x {v.Size}") : "-";

    private static string Levels(ReadOnlySpan<PriceLevel> levels, int depth)
    {
        if (levels.Length == 0)
        {
            return "(empty)";
        }

        var parts = new List<string>();
        foreach (var l in levels[..Math.Min(depth, levels.Length)])
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{l.Price}x{l.Size}"));
        }

        return string.Join(' ', parts) + (levels.Length > depth ? $" … (+{levels.Length - depth} levels)" : "");
    }

    private static void WriteJson(TextWriter o, List<(string Asset, string Label)> order, MarketChannelParser parser)
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms))
        {
            w.WriteStartObject();
            w.WriteStartArray("assets");
            foreach (var (id, _) in order)
            {
                parser.Books.TryGetValue(id, out var a);
                w.WriteStartObject();
                w.WriteString("asset_id", id);
                WriteSide(w, "bids", a is null ? default : a.Book.LevelsOf(Side.Buy));
                WriteSide(w, "asks", a is null ? default : a.Book.LevelsOf(Side.Sell));
                Price(w, "best_bid", a?.Book.BestBid);
                Price(w, "best_ask", a?.Book.BestAsk);
                w.WriteNumber("events", a?.Events ?? 0);
                w.WriteNumber("bbo_mismatches", a?.BboMismatches ?? 0);
                w.WriteNumber("resyncs", a?.Resyncs ?? 0);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        o.WriteLine(System.Text.Encoding.UTF8.GetString(ms.ToArray()));
    }

    private static void WriteSide(Utf8JsonWriter w, string name, ReadOnlySpan<PriceLevel> levels)
    {
        w.WriteStartArray(name);
        foreach (var l in levels)
        {
            w.WriteStartArray();
            w.WriteNumberValue(l.Price);
            w.WriteNumberValue(l.Size);
            w.WriteEndArray();
        }

        w.WriteEndArray();
    }

    private static void Price(Utf8JsonWriter w, string name, PriceLevel? l)
    {
        if (l is { } v)
        {
            w.WriteNumber(name, v.Price);
        }
        else
        {
            w.WriteNull(name);
        }
    }
}
