using System.Globalization;
using System.Text.Json.Nodes;

namespace PolyMM.Reports.Tests.Dashboard;

/// <summary>
/// Realistic report JSONs (docs/data-dictionary.md#report-json plus market_titles/market_series) built in code, so the tests own
/// their data. Curves are deterministic (seeded), an hour long at one point a minute.
/// </summary>
internal static class SampleReports
{
    public const string XssTitle = "<img src=x onerror=alert(1)>";
    public static readonly DateTimeOffset Start = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);

    public static JsonObject Baseline() => Build(
        runId: 7, runTag: "baseline_k0", seed: 1,
        netPnl: -1.25m, netWithoutRewards: -1.25m, fees: 0.48m, rewards: 0m,
        maxDrawdown: 0.0123m, stuck: 0, passive: 0.62m, slippageP90: 0.0041m, fills: 18, truthful: 1m);

    public static JsonObject Candidate() => Build(
        runId: 8, runTag: "k2_probabilistic", seed: 2,
        netPnl: 3.4567m, netWithoutRewards: 2.9067m, fees: 0.31m, rewards: 0.55m,
        maxDrawdown: 0.0087m, stuck: 1, passive: 0.9333m, slippageP90: -0.0025m, fills: 42, truthful: null);

    public static string Iso(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    public static string WriteTemp(string dir, string name, JsonObject report)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, report.ToJsonString());
        return path;
    }

    private static JsonObject Build(
        int runId, string runTag, int seed,
        decimal netPnl, decimal netWithoutRewards, decimal fees, decimal rewards,
        decimal maxDrawdown, int stuck, decimal passive, decimal slippageP90, int fills, decimal? truthful)
    {
        var rng = new Random(seed);
        var equity = new JsonArray();
        var exposure = new JsonArray();
        var eq = 1000m;
        for (var i = 0; i <= 60; i++)
        {
            eq += Math.Round((decimal)(rng.NextDouble() - 0.45) * 0.4m, 4);
            equity.Add(new JsonArray(Iso(Start.AddMinutes(i)), eq));
            exposure.Add(new JsonArray(Iso(Start.AddMinutes(i)), Math.Round((decimal)rng.NextDouble() * 25m, 2)));
        }

        var titles = new JsonObject
        {
            ["mkt-fed-cut"] = "Will the Fed cut rates in June?",
            ["mkt-xss"] = XssTitle,
        };
        var series = new JsonObject
        {
            ["mkt-fed-cut"] = MarketSeries(rng, 0.42m),
            ["mkt-xss"] = MarketSeries(rng, 0.61m),
        };

        return new JsonObject
        {
            ["run_id"] = runId,
            ["run_tag"] = runTag,
            ["schema_version"] = 1,
            ["bankroll"] = 1000,
            ["runtime_sec"] = 3600,
            ["orders"] = fills * 5,
            ["fills"] = fills,
            ["truth"] = new JsonObject
            {
                ["truthful_fills"] = fills,
                ["fills"] = fills,
                ["truthful_rate"] = truthful,
                ["reconciliation_status"] = "pass",
            },
            ["pnl"] = new JsonObject
            {
                ["gross_pnl_usd"] = netPnl + fees - rewards,
                ["realized_pnl_usd"] = netPnl,
                ["unrealized_pnl_usd"] = 0m,
                ["fees_usd"] = fees,
                ["rewards_usd"] = rewards,
                ["net_pnl_usd"] = netPnl,
                ["net_without_rewards_usd"] = netWithoutRewards,
                ["reward_sources"] = new JsonArray(),
            },
            ["execution"] = new JsonObject
            {
                ["passive_fill_rate"] = passive,
                ["spread_crossed_rate"] = 1m - passive,
                ["quote_slippage_pct"] = new JsonObject { ["count"] = fills, ["mean"] = 0.001m, ["p50"] = 0.0005m, ["p90"] = slippageP90, ["p95"] = 0.006m },
            },
            ["inventory"] = new JsonObject
            {
                ["avg_locked_usd"] = 12.5m,
                ["stuck_inventory_count"] = stuck,
                ["max_drawdown_pct"] = maxDrawdown,
            },
            ["markets_top10"] = new JsonArray(
                new JsonObject { ["market"] = "mkt-fed-cut", ["net_pnl_usd"] = netPnl * 0.7m, ["fills"] = fills / 2, ["fill_rate"] = 0.2m, ["avg_spread_pct"] = 0.021m, ["avg_depth"] = 1250m, ["max_inventory_held"] = 14.2m, ["worst_tail_slippage"] = 0.008m },
                new JsonObject { ["market"] = "mkt-xss", ["net_pnl_usd"] = netPnl * 0.3m, ["fills"] = fills - (fills / 2), ["fill_rate"] = 0.18m, ["avg_spread_pct"] = 0.015m, ["avg_depth"] = 980.5m, ["max_inventory_held"] = 9.75m, ["worst_tail_slippage"] = 0.011m }),
            ["equity_curve"] = equity,
            ["exposure_curve"] = exposure,
            ["warnings"] = new JsonArray("mostly taking liquidity: passive_fill_rate < 70%"),
            ["market_titles"] = titles,
            ["market_series"] = series,
        };
    }

    private static JsonObject MarketSeries(Random rng, decimal mid0)
    {
        var mid = new JsonArray();
        var bid = new JsonArray();
        var ask = new JsonArray();
        var fills = new JsonArray();
        var m = mid0;
        for (var i = 0; i <= 60; i++)
        {
            var t = Iso(Start.AddMinutes(i));
            m = Math.Clamp(m + (rng.Next(-1, 2) * 0.005m), 0.05m, 0.95m);
            mid.Add(new JsonArray(t, m));
            // A paused stretch (minutes 20-24) has no resting quotes: null draws as a gap.
            var quoting = i is < 20 or > 24;
            bid.Add(new JsonArray(t, quoting ? (decimal?)(m - 0.02m) : null));
            ask.Add(new JsonArray(t, quoting ? (decimal?)(m + 0.02m) : null));
            if (quoting && i % 9 == 4)
            {
                fills.Add(new JsonArray(t, i % 2 == 0 ? "BUY" : "SELL", i % 2 == 0 ? m - 0.02m : m + 0.02m));
            }
        }

        return new JsonObject { ["mid"] = mid, ["bid"] = bid, ["ask"] = ask, ["fills"] = fills };
    }
}
