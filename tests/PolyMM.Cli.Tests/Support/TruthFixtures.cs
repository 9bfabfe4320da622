using System.Globalization;
using System.Text;

namespace PolyMM.Cli.Tests.Support;

/// <summary>
/// The small fixtures of the v2 truth rules (docs/design.md#fill-models): each writes markets.json, the snapshot
/// files and a whitelist.json naming every market (some books are tier B, which automatic selection skips).
/// </summary>
internal static class TruthFixtures
{
    /// <summary>One row; <paramref name="ts"/> null leaves the event time to T0 + i × poll interval.</summary>
    public static string Row(decimal bid, decimal ask, decimal ltp, string? ts = null, string? source = null, int depth = 1200)
    {
        var sb = new StringBuilder("{");
        if (ts is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $"\"timestamp\":\"{ts}\",");
        }

        sb.Append(CultureInfo.InvariantCulture,
            $"\"best_bid\":{bid},\"best_ask\":{ask},\"mid_price\":{(bid + ask) / 2m},\"depth_bid_1\":{depth},\"depth_ask_1\":{depth},\"last_trade_price\":{ltp}");
        if (source is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $",\"book_source\":\"{source}\"");
        }

        return sb.Append('}').ToString();
    }

    /// <summary>Writes the fixture; returns its directory. The whitelist is <c>&lt;dir&gt;/whitelist.json</c>.</summary>
    public static string Write(string dir, params (string Id, IEnumerable<string> Rows)[] markets)
    {
        Directory.CreateDirectory(Path.Combine(dir, "snapshots"));
        var list = new List<string>();
        foreach (var (id, rows) in markets)
        {
            list.Add($"{{\"conditionId\":\"{id}\",\"title\":\"{id}\",\"outcomes\":[\"YES\",\"NO\"]}}");
            File.WriteAllText(Path.Combine(dir, "snapshots", id + ".jsonl"), string.Join("\n", rows) + "\n");
        }

        File.WriteAllText(Path.Combine(dir, "markets.json"), "[" + string.Join(",", list) + "]");
        File.WriteAllText(Path.Combine(dir, "whitelist.json"), "[" + string.Join(",", markets.Select(m => $"\"{m.Id}\"")) + "]");
        return dir;
    }

    /// <summary>
    /// Rows 50 ms apart at 02:00:00.000, .050, .200: the bid 0.48 is sent on the first row; a new print 0.47 (through it)
    /// comes 50 ms later, before a 100 ms latency lets the order be live; the third row repeats the print (stale).
    /// </summary>
    public static string PrintInsideLatency(string dir) =>
        Write(dir, ("fast-1", new[]
        {
            Row(0.495m, 0.505m, 0.50m, "2026-02-06T02:00:00.000Z"),
            Row(0.495m, 0.505m, 0.47m, "2026-02-06T02:00:00.050Z"),
            Row(0.495m, 0.505m, 0.47m, "2026-02-06T02:00:00.200Z"),
        }));

    /// <summary>The last trade stays 0.47 for 120 rows while the book sits at 0.495/0.505: a stale print.</summary>
    public static string StalePrint(string dir) =>
        Write(dir, ("stale-1", Enumerable.Range(0, 120).Select(_ => Row(0.495m, 0.505m, 0.47m))));

    /// <summary>Prints 0.50, 0.50, then new trades at 0.47 (through the 0.48 bid), 0.47, 0.50, 0.47.</summary>
    public static string TradedThrough(string dir) =>
        Write(dir, ("through-1", new[] { 0.50m, 0.50m, 0.47m, 0.47m, 0.50m, 0.47m }.Select(ltp => Row(0.495m, 0.505m, ltp))));

    /// <summary>
    /// Two markets with their own timestamps: cad-a every 2 s (buys at 02:00:02, sells at 02:00:06 and pauses
    /// there, its spread too wide), cad-b every second (a new print 0.47 at 02:00:04 and 02:00:09).
    /// </summary>
    public static string TwoCadences(string dir)
    {
        static string Ts(int s) => $"2026-02-06T02:00:{s:D2}Z";
        var a = new Dictionary<int, decimal> { [0] = 0.50m, [2] = 0.47m, [4] = 0.50m, [6] = 0.53m, [8] = 0.53m, [10] = 0.53m };
        var rowsA = Enumerable.Range(0, 6).Select(i => i * 2)
            .Select(s => s == 6 ? Row(0.40m, 0.60m, a[s], Ts(s)) : Row(0.4975m, 0.5025m, a[s], Ts(s)));
        var rowsB = Enumerable.Range(0, 12).Select(s => Row(0.4975m, 0.5025m, s is 4 or 9 ? 0.47m : 0.50m, Ts(s)));
        return Write(dir, ("cad-a", rowsA), ("cad-b", rowsB));
    }

    /// <summary>A Gamma-fallback book (bid = ask = 0.5) whose print alternates 0.50 / 0.47.</summary>
    public static string SyntheticBook(string dir) =>
        Write(dir, ("synth-1", Enumerable.Range(0, 6).Select(i => Row(0.5m, 0.5m, i % 2 == 0 ? 0.50m : 0.47m, source: "gamma_fallback", depth: 1000))));
}
