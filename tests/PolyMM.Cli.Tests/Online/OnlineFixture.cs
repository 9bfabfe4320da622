using System.Globalization;
using System.Text;

namespace PolyMM.Cli.Tests.Online;

/// <summary>
/// Writes a venue fixture into a directory: <see cref="TierACount"/> tight, deep (tier A) markets whose last trade
/// wanders through the quotes so fills happen, plus three markets whose books the client must not trust
/// (empty ask side, 80 % spread, no Gamma price and an empty ask side).
/// </summary>
internal static class OnlineFixture
{
    public const int TierACount = 11;
    public const decimal Bid = 0.498m;
    public const decimal Ask = 0.502m;

    public static readonly string EmptySide = Id(0xee01);
    public static readonly string WideSpread = Id(0xee02);
    public static readonly string NoGammaPrice = Id(0xee03);

    public static IReadOnlyList<string> TierA { get; } = [.. Enumerable.Range(1, TierACount).Select(Id)];

    public static int MarketCount => TierACount + 3;

    public static string Id(int n) => "0x" + n.ToString("x64", CultureInfo.InvariantCulture);

    public static string Write(string dir, int lines = 400)
    {
        Directory.CreateDirectory(Path.Combine(dir, "snapshots"));
        var markets = new List<string>();
        foreach (var id in TierA)
        {
            markets.Add(Market(id, gammaPrice: true));
            File.WriteAllLines(Snapshots(dir, id), Enumerable.Range(0, lines).Select(i =>
            {
                // Every fifth line trades through the bid (0.47 ≤ 0.48), two later through the ask: fills both ways.
                var ltp = (i % 5) switch { 3 => "0.47", 0 when i > 0 => "0.52", _ => "0.5" };
                return $$"""{"best_bid":0.498,"best_ask":0.502,"mid_price":0.5,"depth_bid_1":800,"depth_ask_1":900,"last_trade_price":{{ltp}}}""";
            }));
        }

        markets.Add(Market(EmptySide, gammaPrice: true));
        File.WriteAllLines(Snapshots(dir, EmptySide), Enumerable.Repeat("""{"best_bid":0.49,"depth_bid_1":500,"last_trade_price":0.5}""", lines));
        markets.Add(Market(WideSpread, gammaPrice: true));
        File.WriteAllLines(Snapshots(dir, WideSpread), Enumerable.Repeat("""{"best_bid":0.10,"best_ask":0.90,"mid_price":0.5,"depth_bid_1":500,"depth_ask_1":500,"last_trade_price":0.5}""", lines));
        markets.Add(Market(NoGammaPrice, gammaPrice: false));
        File.WriteAllLines(Snapshots(dir, NoGammaPrice), Enumerable.Repeat("""{"best_bid":0.2,"depth_bid_1":500,"last_trade_price":0.4}""", lines));

        File.WriteAllText(Path.Combine(dir, "markets.json"), "[" + string.Join(",", markets) + "]", Encoding.UTF8);
        return dir;
    }

    public static string WriteWhitelist(string path, IEnumerable<string> ids)
    {
        File.WriteAllText(path, "[" + string.Join(",", ids.Select(i => $"\"{i}\"")) + "]");
        return path;
    }

    private static string Snapshots(string dir, string id) => Path.Combine(dir, "snapshots", id + ".jsonl");

    private static string Market(string id, bool gammaPrice) =>
        $$"""{"conditionId":"{{id}}","question":"Market {{id[^4..]}}?","outcomes":"[\"Yes\", \"No\"]"{{(gammaPrice ? ",\"outcomePrices\":\"[\\\"0.5\\\", \\\"0.5\\\"]\"" : "")}}}""";
}
