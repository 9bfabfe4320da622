using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using PolyMM.Cli.Tests.Support;
using PolyMM.FakeVenue;
using static PolyMM.Cli.Tests.Online.OnlineSupport;

namespace PolyMM.Cli.Tests.Online;

/// <summary>mm run --data-mode online, connectivity and venue over real loopback HTTP against the fake venue.</summary>
public sealed class OnlineRunTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _fixture;

    public OnlineRunTests()
    {
        _fixture = OnlineFixture.Write(_dir.File("fixture"));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Run_KeysetPagesOfThree_SelectsEveryTierAMarket()
    {
        await using var venue = await StartVenueAsync(_fixture, pageSize: 3);

        var result = RunOnline(venue, "--markets", "20", "--max-runtime-min", "0.01");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Discovered {OnlineFixture.MarketCount} open markets", result.Stderr, StringComparison.Ordinal);
        var started = result.StdoutLines.Single(l => l.StartsWith("Run started:", StringComparison.Ordinal));
        Assert.Contains($"markets={OnlineFixture.TierACount} ", started, StringComparison.Ordinal);
        Assert.All(OnlineFixture.TierA, id => Assert.Contains(id, started, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_DecoyLevelsInBooks_ExecutionRecordsCarryRealTopOfBook()
    {
        await using var venue = await StartVenueAsync(_fixture);

        var result = RunOnline(venue, "--markets", "3", "--max-runtime-min", "0.01");

        Assert.Equal(0, result.ExitCode);
        var rows = Query(_dir.File("t.db"), $"SELECT best_bid, best_ask, book_source FROM execution_records WHERE run_id = '{result.RunId}'");
        Assert.NotEmpty(rows);
        Assert.All(rows, r =>
        {
            Assert.Equal((double)OnlineFixture.Bid, (double)r[0]!, 9);
            Assert.Equal((double)OnlineFixture.Ask, (double)r[1]!, 9);
            Assert.Equal("clob", r[2]);
        });
    }

    [Fact]
    public async Task Run_UntrustedBooks_TakeFallbackAndAreMarked()
    {
        await using var venue = await StartVenueAsync(_fixture);
        var whitelist = OnlineFixture.WriteWhitelist(_dir.File("wl.json"), [OnlineFixture.EmptySide, OnlineFixture.WideSpread, OnlineFixture.NoGammaPrice]);

        // Synthetic books are quoted only when allowed (otherwise they pause with synthetic_book, no order to mark).
        var result = RunOnline(venue, "--whitelist", whitelist, "--max-runtime-min", "0.01", "--allow-synthetic-books");

        Assert.Equal(0, result.ExitCode);
        var rows = Query(_dir.File("t.db"),
            $"SELECT market_id, book_source, MIN(best_bid), MAX(best_ask) FROM execution_records WHERE run_id = '{result.RunId}' GROUP BY market_id, book_source");
        var byMarket = rows.ToDictionary(r => (string)r[0]!, r => ((string)r[1]!, (double)r[2]!, (double)r[3]!));
        Assert.Equal(("gamma_fallback", 0.5, 0.5), byMarket[OnlineFixture.EmptySide]);
        Assert.Equal(("gamma_fallback", 0.5, 0.5), byMarket[OnlineFixture.WideSpread]);
        Assert.Equal(("ltp_fallback", 0.4, 0.4), byMarket[OnlineFixture.NoGammaPrice]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Run_GammaOrderMinSizeFive_TwoDollarBidsNeverSent(bool statesMinimum)
    {
        // Book 0.498/0.502 (mid 0.5): bid 0.48 × floor(2 / 0.48 = 4.166…) = 4.16 shares. Gamma's orderMinSize 5 makes that
        // below the minimum (no order, below_min_size counted); without it (0, unknown) the bid is sent as before.
        var fixture = OnlineFixture.Write(_dir.File("minsize"), lines: 40);
        if (statesMinimum)
        {
            var markets = Path.Combine(fixture, "markets.json");
            File.WriteAllText(markets, File.ReadAllText(markets).Replace("{\"conditionId\":", "{\"orderMinSize\":5,\"conditionId\":", StringComparison.Ordinal));
        }

        await using var venue = await StartVenueAsync(fixture);
        var whitelist = OnlineFixture.WriteWhitelist(_dir.File("wl-min.json"), [OnlineFixture.TierA[0]]);

        var result = RunOnline(venue, "--whitelist", whitelist, "--quote-size-usd", "2", "--max-runtime-min", "0.01");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var orders = (long)Query(_dir.File("t.db"), "SELECT COUNT(*) FROM orders").Single()[0]!;
        var stats = (string)Query(_dir.File("t.db"), $"SELECT stats FROM runs WHERE run_id = '{result.RunId}'").Single()[0]!;
        Assert.Equal(statesMinimum, orders == 0);
        Assert.Equal(statesMinimum, stats.Contains("\"below_min_size\":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_TwentyPercentFaults_CompletesCountsEachKindAndPassesGates()
    {
        await using var venue = await StartVenueAsync(_fixture, fault429: 0.06, fault500: 0.07, faultGarbage: 0.07);
        var whitelist = OnlineFixture.WriteWhitelist(_dir.File("wl.json"), OnlineFixture.TierA.Take(8));

        // 100 polls, however slowly they come (the 10 minutes are only a backstop): at least as many requests as the old
        // 4.8 s window made on an idle machine, since a slower machine wastes fewer of its polls in a 429's cool-down.
        var result = RunOnline(venue, "--whitelist", whitelist, "--markets", "8", "--max-runtime-min", "10", "--max-polls", "100");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Tick fetch latency: ticks=100 ", result.Stderr, StringComparison.Ordinal);
        var run = Query(_dir.File("t.db"), $"SELECT stop_reason, params FROM runs WHERE run_id = '{result.RunId}'").Single();
        Assert.Equal("max_polls", run[0]);
        Assert.Contains("\"max_polls\":100", (string)run[1]!, StringComparison.Ordinal);
        Assert.Contains("Trust gates: pre_run PASS, post_run PASS", result.Stdout, StringComparison.Ordinal);
        var stats = (string)Query(_dir.File("t.db"), $"SELECT stats FROM runs WHERE run_id = '{result.RunId}'").Single()[0]!;
        using var doc = JsonDocument.Parse(stats);
        var errors = doc.RootElement.GetProperty("fetch_errors");
        foreach (var kind in new[] { "http_429", "http_5xx", "bad_json" })
        {
            Assert.True(errors.TryGetProperty(kind, out var n) && n.GetInt64() > 0, $"{kind} missing from {stats}; venue {venue.Stats}");
        }

        Assert.Contains("fetch error", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BothMarketListsAnswer404_ExitsTwoSayingTheApiMayHaveMoved()
    {
        await using var venue = await VenueServer.StartAsync(
            new VenueOptions(_fixture) { DisableKeyset = true, DisableLegacyList = true }, CancellationToken.None);

        var result = RunOnline(venue, "--max-runtime-min", "0.01");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("may have moved", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SigintWhileRunning_StopsBeforeTheNextTickExits130AndRunIsInterrupted()
    {
        await using var venue = await StartVenueAsync(_fixture);
        var db = _dir.File("t.db");
        // Held after tick 2 of a 5-minute run, so the signal certainly lands mid-run.
        var pause = new RunPause(_dir.File("pause"), tick: 2);
        using var child = Mm.Start(_dir.Path, pause.Environment, [.. Online(venue, db), "--markets", "3", "--max-runtime-min", "5"]);
        var output = new Captured(child);
        await pause.WaitUntilPausedAsync(child, output, TimeSpan.FromSeconds(20));

        SendSigint(child);
        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(30)), "mm did not stop after SIGINT");
        child.WaitForExit();

        Assert.Equal(130, child.ExitCode);
        // Stopped at once: no tick after the one it was held at (the pacer would have fetched one per poll interval).
        Assert.Equal(2L, Query(db, "SELECT COUNT(*) FROM ticks").Single()[0]);
        Assert.Contains("Trust gates: pre_run PASS, post_run PASS", output.Out, StringComparison.Ordinal);
        Assert.Contains("Run complete:", output.Out, StringComparison.Ordinal);
        Assert.Equal("interrupted", Query(db, "SELECT status FROM runs").Single()[0]);
        Assert.Equal(0L, Query(db, "SELECT COUNT(*) FROM execution_records WHERE status = 'open'").Single()[0]);
    }

    [Fact]
    public async Task Connectivity_Venue_PrintsEachStepAndOk()
    {
        await using var venue = await StartVenueAsync(_fixture, pageSize: 3);

        var result = Mm.Run(["connectivity", .. venue.Venue()]);

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("DNS OK: 1 addresses", result.StdoutLines[0], StringComparison.Ordinal);
        Assert.Contains($"Markets: {OnlineFixture.MarketCount}", result.StdoutLines);
        Assert.Equal("CONNECTIVITY_OK", result.LastLine);
    }

    [Fact]
    public void Connectivity_ClosedPort_ExitsTwoWithOneLineNamingHost()
    {
        var port = FreePort();
        var url = $"http://127.0.0.1:{port}";

        var result = Mm.Run("connectivity", "--gamma-url", url, "--clob-url", url);

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"127.0.0.1:{port}", line, StringComparison.Ordinal);
        Assert.DoesNotContain("CONNECTIVITY_OK", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Venue_Command_ServesUntilSigintThenExitsZero()
    {
        using var child = Mm.Start(_dir.Path, "venue", "--fixture-dir", _fixture, "--port", "0", "--page-size", "3");
        var output = new Captured(child);
        await output.WaitForAsync(o => o.Contains("Venue listening: http://127.0.0.1:", StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        var url = output.Out.Split('\n').First(l => l.StartsWith("Venue listening:", StringComparison.Ordinal))["Venue listening: ".Length..].Trim();

        var check = Mm.Run("connectivity", "--gamma-url", url, "--clob-url", url);
        SendSigint(child);
        // A guard against a venue that never stops, not a bound on how fast it stops (a loaded machine is slow to).
        var stopped = child.WaitForExit(TimeSpan.FromSeconds(60));

        Assert.Equal(0, check.ExitCode);
        Assert.Contains($"Markets: {OnlineFixture.MarketCount}", check.StdoutLines);
        Assert.True(stopped, "venue did not stop after SIGINT");
        Assert.Equal(0, child.ExitCode);
    }

    private MmResult RunOnline(VenueServer venue, params string[] extra) =>
        Mm.Run([.. Online(venue, _dir.File("t.db")), .. extra]);

    private static string[] Online(VenueServer venue, string db) =>
        ["run", "--data-mode", "online", "--db", db, "--poll-interval-sec", "0.05", .. venue.Venue()];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
