using System.Text.Json;
using PolyMM.Cli;
using PolyMM.Ledger.Sqlite;
using PolyMM.Reports.Analysis;

namespace PolyMM.Reports.Tests.Analysis;

/// <summary>
/// The real <c>mm run</c> on a hand-written one-market fixture, then the analyzer: markouts, attribution and the identity
/// worked out by hand. Defaults: k = 2, tick 0.01, quote 10 USD, skew 1 tick while holding, fee 2 bps, trade-through fills.
/// </summary>
public sealed class AttributionReportTests
{
    private const string RunId = "mm-20260901T120000-abcdef";

    // t (s): book bid/ask (mid), last trade price.
    //   0: 0.49/0.51 (0.50), 0.50 → bid 0.50 − 0.02 = 0.48 for floor(10/0.48) = 20.83 shares.
    //  10: same book, LTP 0.47 < 0.48 → BUY 20.83 @ 0.48 (mid 0.50). Then ask 0.50 + 0.02 − 0.01 = 0.51.
    //  70: 0.51/0.53 (0.52), LTP unchanged → no fill; requote ask 0.52 + 0.01 = 0.53 (18.86 shares = floor(10/0.53)).
    //  80: same book, LTP 0.54 > 0.53 → SELL 18.86 @ 0.53 (mid 0.52).
    // 100: 0.50/0.52 (0.51); 150: same, the data ends.
    private static readonly (int T, decimal Bid, decimal Ask, decimal Ltp)[] Rows =
        [(0, 0.49m, 0.51m, 0.50m), (10, 0.49m, 0.51m, 0.47m), (70, 0.51m, 0.53m, 0.47m), (80, 0.51m, 0.53m, 0.54m), (100, 0.50m, 0.52m, 0.54m), (150, 0.50m, 0.52m, 0.54m)];

    [Fact]
    public void Analyze_HandBuiltFixture_MarkoutsAttributionAndIdentityAsWorkedByHand()
    {
        using var dir = new TempDir();
        var report = RunAndAnalyze(dir.Path);

        // Markouts per share — buy @0.48 at 10 s: +1 s 0.50 → 0.02, +10 s 0.50 → 0.02, +60 s (70 s) 0.52 → 0.04, +300 s past 150 s;
        // sell @0.53 at 80 s: +1 s, +10 s 0.52 → −(0.52 − 0.53) = 0.01, +60 s (140 s) 0.51 → 0.02, +300 s unknown.
        // USD: +1 s 0.02 × 20.83 + 0.01 × 18.86 = 0.4166 + 0.1886 = 0.6052; +60 s 0.8332 + 0.3772 = 1.2104.
        var m = report.Markouts.Run;
        Assert.Equal([2L, 2L, 2L, 0L], m.Known);
        Assert.Equal([0.6052m, 0.6052m, 1.2104m, null], m.TotalUsd);
        // Mean at +60 s: 1.2104 / (20.83 + 18.86) = 1.2104 / 39.69 = 0.0304963467 (10 dp).
        Assert.Equal(0.0304963467m, m.MeanPerShare[2]);

        var a = report.Attribution.Run;
        // Spread: (0.50 − 0.48) × 20.83 + −(0.52 − 0.53) × 18.86 = 0.4166 + 0.1886 = 0.6052.
        Assert.Equal(0.6052m, a.SpreadCaptureUsd);
        // Adverse (+60 s): (0.52 − 0.50) × 20.83 + −(0.51 − 0.52) × 18.86 = 0.4166 + 0.1886 = 0.6052.
        Assert.Equal(0.6052m, a.AdverseSelectionUsd);
        // Gross: realized 18.86 × (0.53 − 0.48) = 0.943 + unrealized 1.97 × (0.51 − 0.48) = 0.0591 → 1.0021.
        // Inventory = 1.0021 − 0.6052 − 0.6052 = −0.2083: the bought shares' mid fell 0.52 → 0.51 after their first minute.
        Assert.Equal(1.0021m, report.Pnl.GrossPnlUsd);
        Assert.Equal(-0.2083m, a.InventoryPnlUsd);
        // Fees: 9.9984 × 0.0002 → 0.002 and 9.9958 × 0.0002 → 0.001999: 0.003999. net = 1.0021 − 0.003999 = 0.998101.
        Assert.Equal(0.003999m, a.FeesUsd);
        Assert.Equal(0.998101m, a.NetPnlUsd);
        Assert.Equal(report.Pnl.NetPnlUsd, a.SpreadCaptureUsd + a.AdverseSelectionUsd + a.InventoryPnlUsd + a.RewardsUsd!.Value + a.RebatesUsd!.Value - a.FeesUsd);
        Assert.Equal(0, a.AdverseUnknownFills);

        var only = Assert.Single(report.Attribution.ByMarket);
        Assert.Equal("m1", only.Key);
        Assert.Equal(-0.2083m, only.Value.InventoryPnlUsd);
        // No reward terms in this fixture and flat fees: the market's reward and rebates are 0, its net the run's.
        Assert.Equal((0m, 0m), (only.Value.RewardsUsd, only.Value.RebatesUsd));
        Assert.Equal(a.NetPnlUsd, only.Value.NetPnlUsd);

        // Turnover 9.9984 + 9.9958 = 19.9942; one closed lot (18.86 @ 0.48 → 0.53) won.
        Assert.Equal(19.9942m, report.Risk.TurnoverUsd);
        Assert.Equal(1, report.Risk.RoundTrips);
        Assert.Equal(1d, report.Risk.WinRate);
        Assert.Equal(2, report.Risk.MinuteReturns);
        Assert.Contains(report.Warnings, w => w.StartsWith("profit and loss rest on 2 fill(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void Write_HandBuiltFixture_JsonKeysMarkdownSectionsAndCsvColumns()
    {
        using var dir = new TempDir();
        var report = RunAndAnalyze(dir.Path);

        using var buffer = new MemoryStream();
        ReportJsonWriter.Write(report, buffer);
        using var doc = JsonDocument.Parse(buffer.ToArray());
        var root = doc.RootElement;
        Assert.Equal([1, 10, 60, 300], root.GetProperty("markouts").GetProperty("horizons_sec").EnumerateArray().Select(x => x.GetInt32()));
        Assert.Equal(-0.2083m, root.GetProperty("attribution").GetProperty("inventory_pnl_usd").GetDecimal());
        Assert.Equal("m1", root.GetProperty("attribution").GetProperty("by_market")[0].GetProperty("market_id").GetString());
        Assert.Equal(19.9942m, root.GetProperty("risk").GetProperty("turnover_usd").GetDecimal());

        using var md = new StringWriter();
        ReportMarkdownWriter.Write(report, md);
        var text = md.ToString();
        Assert.Contains("## Where the P&L came from", text, StringComparison.Ordinal);
        Assert.Contains("| fill model | fill_model | trade-through |", text, StringComparison.Ordinal);
        Assert.Contains("| seed | seed | 42 |", text, StringComparison.Ordinal);

        var csv = Path.Combine(dir.Path, "fills.csv");
        using (var store = LedgerStore.Open(Path.Combine(dir.Path, "t.db"), readOnly: true))
        {
            FillsCsv.Export(new LedgerReader(store), RunId, csv);
        }

        var lines = File.ReadAllLines(csv);
        Assert.EndsWith(",truthful,position_shares,markout_1s,markout_10s,markout_60s,markout_300s", lines[0], StringComparison.Ordinal);
        // Buy: held 20.83, markouts 0.02, 0.02, 0.04, unknown; sell: held 20.83 − 18.86 = 1.97, 0.01, 0.01, 0.02, unknown.
        Assert.EndsWith(",1,20.83,0.02,0.02,0.04,", lines[1], StringComparison.Ordinal);
        Assert.EndsWith(",1,1.97,0.01,0.01,0.02,", lines[2], StringComparison.Ordinal);
    }

    private static RunReport RunAndAnalyze(string dir)
    {
        var fixture = Path.Combine(dir, "fixture");
        Directory.CreateDirectory(Path.Combine(fixture, "snapshots"));
        File.WriteAllText(Path.Combine(fixture, "markets.json"), """[{"conditionId":"m1","title":"Hand Market","outcomes":["YES","NO"]}]""");
        File.WriteAllLines(Path.Combine(fixture, "snapshots", "m1.jsonl"), Rows.Select(r => FormattableString.Invariant(
            $$"""{"timestamp":"2026-09-01T12:{{r.T / 60:00}}:{{r.T % 60:00}}Z","best_bid":{{r.Bid}},"best_ask":{{r.Ask}},"mid_price":{{(r.Bid + r.Ask) / 2}},"depth_bid_1":1200,"depth_ask_1":1300,"last_trade_price":{{r.Ltp}}}""")));
        var whitelist = Path.Combine(dir, "wl.json");
        File.WriteAllText(whitelist, """["m1"]""");
        var db = Path.Combine(dir, "t.db");
        using (var stdout = new StringWriter())
        using (var stderr = new StringWriter())
        {
            var code = Program.Run(
                ["run", "--db", db, "--run-id", RunId, "--run-tag", "HAND", "--fixture-dir", fixture, "--whitelist", whitelist, "--seed", "42", "--reports-dir", dir],
                stdout, stderr, TimeProvider.System);
            Assert.True(code == 0, $"mm run exited {code}: {stdout}{stderr}");
        }

        using var store = LedgerStore.Open(db, readOnly: true);
        var report = new RunAnalyzer(new LedgerReader(store)).Analyze(RunId);
        Assert.Equal(2, report.Fills);
        return report;
    }
}
