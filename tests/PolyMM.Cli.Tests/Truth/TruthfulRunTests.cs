using System.Text.Json;
using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests.Truth;

/// <summary>
/// The situations the v2 rules exist for (docs/design.md#fill-models), each on a small fixture through the real
/// <c>mm run</c>: no fill invented from a stale print, fills the market really traded through, event-time
/// order across markets, no quotes on synthetic books, no bid the cash cannot pay.
/// </summary>
public sealed class TruthfulRunTests
{
    private const string RunId = "mm-20260206T020000-aaaaaa";

    private static MmResult Run(TempDir dir, string fixture, params string[] extra) =>
        Mm.Run(["run", "--fixture-dir", fixture, "--whitelist", Path.Combine(fixture, "whitelist.json"), "--db", dir.File("t.db"),
            "--run-id", RunId, "--reports-dir", dir.File("reports"), .. extra]);

    [Fact]
    public void Run_StalePrintFor120Rows_DefaultModelMakesNoFill()
    {
        using var dir = new TempDir();
        var fixture = TruthFixtures.StalePrint(dir.File("fx"));

        var result = Run(dir, fixture);

        // The bid 0.48 rests above the old print 0.47 on every row; no trade happens after it is live.
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.StdoutLines, l => l.StartsWith("Summary: snapshots=120 ticks=120 orders=1 fills=0 cash=10000 ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("touch")]
    [InlineData("strict")] // the old name of touch still works
    public void Run_StalePrintUnderTouch_FillsEveryRowAndReportWarns(string model)
    {
        using var dir = new TempDir();
        var fixture = TruthFixtures.StalePrint(dir.File("fx"));

        var result = Run(dir, fixture, "--fill-model", model, "--run-tag", "T");
        var analyze = Mm.Run("analyze", "--db", dir.File("t.db"), "--run-tag", "T", "--reports-dir", dir.File("reports"));

        // touch fills the 0.48 bid on the stale 0.47 print until the per-market cap (500) stops it: 50 fills.
        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith("fills=50", result.LastLine, StringComparison.Ordinal);
        Assert.Equal(0, analyze.ExitCode);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(dir.File("reports/market_making_T.json")));
        Assert.Equal("touch", doc.RootElement.GetProperty("params").GetProperty("fill_model").GetString());
        Assert.Contains(doc.RootElement.GetProperty("warnings").EnumerateArray(),
            w => w.GetString()!.StartsWith("optimistic fill model: touch fills on any print reaching the limit", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("trade-through")]
    [InlineData("probabilistic")]
    public void Run_BidTradedThrough_FillsOnce(string model)
    {
        using var dir = new TempDir();
        var fixture = TruthFixtures.TradedThrough(dir.File("fx"));

        var result = Run(dir, fixture, "--fill-model", model);

        // Row 2 prints 0.47, a new trade below the 0.48 bid: 20.83 shares bought at 0.48 (9.9984 + fee 0.002).
        // cash = 10000 − 9.9984 − 0.002 = 9989.9996. The next bid (0.47, holding) is not traded through
        // (0.47 again, then 0.50, then 0.47 = its limit), and the ask 0.51 never sees a print above it.
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.StdoutLines, l => l.StartsWith("Summary: snapshots=6 ticks=6 orders=3 fills=1 cash=9989.9996 ", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_TwoCadencesWithBindingTotalCap_EventTimeOrderAndGatesHold()
    {
        using var dir = new TempDir();
        var fixture = TruthFixtures.TwoCadences(dir.File("fx"));

        var result = Run(dir, fixture, "--max-exposure-usd", "15");

        // One 10-USD bid fits under the 15 cap. cad-a buys 20.83 @ 0.48 at 02:00:02 and sells 19.60 @ 0.51 at
        // :06, where its spread is too wide; only then may cad-b bid (seq 3, sent :06), and it fills on the new
        // print 0.47 at :09. Row pairing sent that bid at :03 (beside cad-a's :06 row) and failed the gate (exit 3).
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Trust gates: pre_run PASS, post_run PASS", result.StdoutLines);
        Assert.Equal(["1|0|0|02:00:00", "2|0|1|02:00:02", "3|1|0|02:00:06"],
            Db.Rows(dir.File("t.db"), "SELECT seq, market_idx, side, strftime('%H:%M:%S', sent_us / 1000000, 'unixepoch') FROM orders WHERE seq <= 3 ORDER BY seq"));
        Assert.EndsWith("fills=3", result.LastLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_SyntheticBooks_NoOrdersUnlessAllowed()
    {
        using var dir = new TempDir();
        var fixture = TruthFixtures.SyntheticBook(dir.File("fx"));

        var paused = Run(dir, fixture);
        var stats = (string)Db.Scalar(dir.File("t.db"), "SELECT stats FROM runs")!;
        File.Delete(dir.File("t.db"));
        var allowed = Run(dir, fixture, "--allow-synthetic-books");

        // Every row pauses the market (synthetic_book): no order, so nothing to exclude afterwards.
        Assert.Equal(0, paused.ExitCode);
        Assert.EndsWith("fills=0", paused.LastLine, StringComparison.Ordinal);
        Assert.Contains("\"synthetic_book\":6", stats, StringComparison.Ordinal);
        Assert.Contains(paused.StdoutLines, l => l.StartsWith("Summary: snapshots=6 ticks=6 orders=0 fills=0 ", StringComparison.Ordinal));
        // Allowed: the 0.48 bid fills on the new print 0.47 of row 1, as on any book.
        Assert.Equal(0, allowed.ExitCode);
        Assert.EndsWith("fills=1", allowed.LastLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_BankrollSmallerThanOneQuote_InsufficientCashAndCashNeverNegative()
    {
        using var dir = new TempDir();
        var fixture = TruthFixtures.TradedThrough(dir.File("fx"));

        var result = Run(dir, fixture, "--bankroll", "5");

        // A 10-USD bid (9.9984 + fee 0.002) does not fit in 5 USD: no bid on any of the 6 rows; cash stays 5.
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(result.StdoutLines, l => l.StartsWith("Summary: snapshots=6 ticks=6 orders=0 fills=0 cash=5 ", StringComparison.Ordinal));
        Assert.Contains("\"insufficient_cash\":6", (string)Db.Scalar(dir.File("t.db"), "SELECT stats FROM runs")!, StringComparison.Ordinal);
        Assert.Equal(["0"], Db.Rows(dir.File("t.db"), "SELECT count(*) FROM ticks WHERE cash < 0"));
    }

    [Fact]
    public void Run_PrintInsideTheEntryLatency_DefaultLatencyMakesNoFillZeroLatencyDoes()
    {
        using var dir = new TempDir();
        var fixture = TruthFixtures.PrintInsideLatency(dir.File("fx"));

        var delayed = Run(dir, fixture);
        using var other = new TempDir();
        var instant = Run(other, fixture, "--latency-ms", "0");

        // 100 ms (the default): the bid sent at .000 is live at .100, after the .050 print; the .200 print is stale. 0 ms:
        // the bid is live at .000 and the .050 print fills it: 20.83 × 0.48 = 9.9984, fee 0.002, cash 9989.9996.
        Assert.Equal(0, delayed.ExitCode);
        Assert.Contains(delayed.StdoutLines, l => l.StartsWith("Summary: snapshots=3 ticks=3 orders=1 fills=0 cash=10000 ", StringComparison.Ordinal));
        Assert.Equal(0, instant.ExitCode);
        Assert.Contains(instant.StdoutLines, l => l.StartsWith("Summary: snapshots=3 ticks=3 orders=3 fills=1 cash=9989.9996 ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--latency-ms", "-1", "--latency-ms must be in [0, 3600000] (got -1)")]
    [InlineData("--cancel-latency-ms", "3600001", "--cancel-latency-ms must be in [0, 3600000] (got 3600001)")]
    public void Run_LatencyOutOfRange_OneLineExit2(string flag, string value, string message)
    {
        using var dir = new TempDir();
        var fixture = TruthFixtures.PrintInsideLatency(dir.File("fx"));

        var result = Run(dir, fixture, flag, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: " + message, Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim());
    }
}
