using System.Globalization;
using System.Text;

namespace PolyMM.Cli.Tests.Support;

/// <summary>Writes small fixtures for tests: tight random-walk books with trades near the touch.</summary>
internal static class FixtureWriter
{
    /// <summary>
    /// <paramref name="markets"/> markets × <paramref name="snapshots"/> rows, seeded. Books are tier A
    /// (spread 1 tick of 0.001 around mids near 0.5, depth ≥ 1000); trades land within a few ticks of the mid.
    /// </summary>
    public static string RandomWalk(string dir, int markets, int snapshots, int seed, int timestampsEverySec = 2)
    {
        var rng = new Random(seed);
        Directory.CreateDirectory(Path.Combine(dir, "snapshots"));
        var list = new StringBuilder("[");
        for (var m = 0; m < markets; m++)
        {
            var id = $"mkt-{m:D2}";
            list.Append(m == 0 ? string.Empty : ",")
                .Append(CultureInfo.InvariantCulture, $"{{\"conditionId\":\"{id}\",\"question\":\"Market {m}\",\"outcomes\":\"[\\\"Yes\\\",\\\"No\\\"]\"}}");
            var mid = 500; // in thousandths
            var lines = new StringBuilder();
            for (var i = 0; i < snapshots; i++)
            {
                mid = Math.Clamp(mid + rng.Next(-3, 4), 100, 900);
                var bid = (mid - 1) / 1000m;
                var ask = (mid + 1) / 1000m;
                var ltp = (mid + rng.Next(-30, 31)) / 1000m;
                var ts = new DateTimeOffset(2026, 2, 6, 2, 0, 0, TimeSpan.Zero).AddSeconds(i * timestampsEverySec);
                lines.Append(CultureInfo.InvariantCulture,
                    $"{{\"timestamp\":\"{ts:yyyy-MM-ddTHH:mm:ssZ}\",\"best_bid\":{bid},\"best_ask\":{ask},\"mid_price\":{(bid + ask) / 2},\"depth_bid_1\":{1000 + rng.Next(2000)},\"depth_ask_1\":{1000 + rng.Next(2000)},\"last_trade_price\":{ltp}}}\n");
            }

            File.WriteAllText(Path.Combine(dir, "snapshots", id + ".jsonl"), lines.ToString());
        }

        File.WriteAllText(Path.Combine(dir, "markets.json"), list.Append(']').ToString());
        return dir;
    }
}
