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
    public async Task Run_GammaStatesFeeSchedule_PolledRunPaysTheScheduleAndAccruesRebates()
    {
        // The venue serves the fixture's Gamma object as it is, so these fields reach discovery like the real Gamma's.
        var fixture = EconomicsFixture("fees", quiet: false);
        await using var venue = await StartVenueAsync(fixture);
        var whitelist = OnlineFixture.WriteWhitelist(_dir.File("wl-fees.json"), [OnlineFixture.TierA[0]]);

        var result = RunOnline(venue, "--whitelist", whitelist, "--max-runtime-min", "0.02");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var db = _dir.File("t.db");
        Assert.Contains("\"fee_mode\":\"schedule\"", (string)Query(db, "SELECT params FROM runs").Single()[0]!, StringComparison.Ordinal);
        // Every fill is passive (maker): fee 0, rebate = floor6(0.25 × floor5(shares × 0.04 × p(1 − p))) (docs/design.md#fees).
        // The first is the bid 0.48 × floor(10 / 0.48 = 20.833…) = 20.83 shares, traded through by LTP 0.47:
        // 0.25 × floor5(20.83 × 0.04 × 0.48 × 0.52 = 0.20796672) = 0.25 × 0.20796 = 0.05199.
        var fills = Db.Rows(db, "SELECT shares, fill_price, fee, rebate_usd FROM fills ORDER BY fill_id");
        Assert.NotEmpty(fills);
        Assert.Equal("20.83|0.48|0|0.05199", fills[0]);
        Assert.All(fills, f =>
        {
            var v = f.Split('|').Select(x => decimal.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            var taker = Math.Floor(v[0] * 0.04m * v[1] * (1m - v[1]) * 100_000m) / 100_000m;
            Assert.Equal((0m, Math.Floor(0.25m * taker * 1_000_000m) / 1_000_000m), (v[2], v[3]));
        });
        Assert.DoesNotContain("unusable", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_GammaStatesRewardTerms_PolledRunScoresOurRestingBid()
    {
        // A quiet book (LTP 0.5 throughout: no fill) so our bid rests at the end. Terms: 3.5 cents, min size 10, $10/day.
        var fixture = EconomicsFixture("rewards", quiet: true);
        await using var venue = await StartVenueAsync(fixture);
        var whitelist = OnlineFixture.WriteWhitelist(_dir.File("wl-rewards.json"), [OnlineFixture.TierA[0]]);

        var result = RunOnline(venue, "--whitelist", whitelist, "--max-runtime-min", "0.02");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var db = _dir.File("t.db");
        Assert.Equal([OnlineFixture.TierA[0] + "|estimated_q_score_l1"],
            Query(db, "SELECT market_id, reward_source FROM market_making_rewards").Select(r => $"{r[0]}|{r[1]}"));
        // docs/design.md#rewards, mid 0.5, v = 0.035: our bid 20.83 at 0.48 (s = 0.02) scores (0.015/0.035)² × 20.83 = 9/49 × 20.83
        // = 3.825918; one-sided, Q_min = 3.825918 / 3 = 1.275306. The others (touch levels as one maker): bid 800 at 0.498,
        // (0.033/0.035)² × 800 = 711.183673; ask 900 at 0.502 scores 800.081633; Q_min = min = 711.183673. Total 712.458980.
        var sample = Query(db, "SELECT our_q_min, total_q_min, book_fully_visible FROM reward_samples").Last();
        Assert.Equal(1.275306, (double)sample[0]!, 6);
        Assert.Equal(712.458980, (double)sample[1]!, 6);
        Assert.Equal(0L, (long)sample[2]!);
        Assert.Empty(Db.Rows(db, "SELECT fill_id FROM fills"));
    }

    // The online fixture with reward terms and a fee schedule in TierA[0]'s Gamma object; quiet: its LTP never trades.
    private string EconomicsFixture(string name, bool quiet)
    {
        var fixture = OnlineFixture.Write(_dir.File(name), lines: 60);
        var markets = Path.Combine(fixture, "markets.json");
        File.WriteAllText(markets, File.ReadAllText(markets).Replace(
            $"{{\"conditionId\":\"{OnlineFixture.TierA[0]}\"",
            "{\"rewardsMaxSpread\":3.5,\"rewardsMinSize\":10,\"clobRewards\":[{\"rewardsDailyRate\":10}],"
            + "\"feesEnabled\":true,\"feeSchedule\":{\"rate\":0.04,\"exponent\":1,\"takerOnly\":true,\"rebateRate\":0.25},"
            + $"\"conditionId\":\"{OnlineFixture.TierA[0]}\"", StringComparison.Ordinal));
        if (quiet)
        {
            File.WriteAllLines(Path.Combine(fixture, "snapshots", OnlineFixture.TierA[0] + ".jsonl"), Enumerable.Repeat(
                """{"best_bid":0.498,"best_ask":0.502,"mid_price":0.5,"depth_bid_1":800,"depth_ask_1":900,"last_trade_price":0.5}""", 60));
        }

        return fixture;
    }

    [Fact]
    public async Task Run_GammaStatesNoRewardsOrFees_FlatFeeAndUnknownRewardAsBefore()
    {
        await using var venue = await StartVenueAsync(_fixture);
        var whitelist = OnlineFixture.WriteWhitelist(_dir.File("wl-none.json"), [OnlineFixture.TierA[0]]);

        var result = RunOnline(venue, "--whitelist", whitelist, "--max-runtime-min", "0.02");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        var db = _dir.File("t.db");
        Assert.Contains("\"fee_mode\":\"flat_bps\"", (string)Query(db, "SELECT params FROM runs").Single()[0]!, StringComparison.Ordinal);
        // Flat 2 bps: 20.83 × 0.48 = 9.9984 × 0.0002 = 0.00199968 → 0.002 (micro-USD, half-to-even); no rebate.
        var fills = Db.Rows(db, "SELECT shares, fill_price, fee, rebate_usd FROM fills ORDER BY fill_id");
        Assert.NotEmpty(fills);
        Assert.Equal("20.83|0.48|0.002|0", fills[0]);
        Assert.Equal(["*|unknown"], Query(db, "SELECT market_id, reward_source FROM market_making_rewards").Select(r => $"{r[0]}|{r[1]}"));
        Assert.Equal(0L, (long)Query(db, "SELECT COUNT(*) FROM reward_samples").Single()[0]!);
    }

    [Fact]
    public async Task Run_GammaStatesUnusableFeeSchedule_WarnsAndPaysTheFlatFee()
    {
        // The recording path's rule: a schedule missing a term is no schedule (one warning line), never a fee of 0.
        var fixture = OnlineFixture.Write(_dir.File("badfee"), lines: 60);
        var markets = Path.Combine(fixture, "markets.json");
        File.WriteAllText(markets, File.ReadAllText(markets).Replace(
            $"{{\"conditionId\":\"{OnlineFixture.TierA[0]}\"",
            $"{{\"feeSchedule\":{{\"rate\":0.04}},\"conditionId\":\"{OnlineFixture.TierA[0]}\"", StringComparison.Ordinal));
        await using var venue = await StartVenueAsync(fixture);
        var whitelist = OnlineFixture.WriteWhitelist(_dir.File("wl-bad.json"), [OnlineFixture.TierA[0]]);

        var result = RunOnline(venue, "--whitelist", whitelist, "--max-runtime-min", "0.01");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains($"warning: market {OnlineFixture.TierA[0]}: fee schedule unusable (feeSchedule.exponent missing); its fills pay the flat --fee-bps",
            result.Stderr, StringComparison.Ordinal);
        Assert.Contains("\"fee_mode\":\"flat_bps\"", (string)Query(_dir.File("t.db"), "SELECT params FROM runs").Single()[0]!, StringComparison.Ordinal);
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
