using PolyMM.Cli.Tests.Support;
using PolyMM.FakeVenue;

namespace PolyMM.Cli.Tests.Online;

/// <summary>
/// <c>mm run --data-mode online --feed ws</c> on the loopback venue's market channel, and the paper/replay parity: the
/// recording such a run wrote, replayed offline with the same parameters and run id, gives the same ledger rows
/// (docs/design.md#engine-loop).
/// </summary>
public sealed class WsPaperTradingTests : IDisposable
{
    private const string RunId = "mm-20260301T120000-0a1b2c";
    private const string TradesSql = "SELECT * FROM trades WHERE run_id = $id ORDER BY id";
    private const string ExecSql = "SELECT * FROM execution_records WHERE run_id = $id ORDER BY order_id";
    private readonly TempDir _dir = new();
    private readonly string _fixture;

    public WsPaperTradingTests()
    {
        _fixture = OnlineFixture.Write(_dir.File("fixture"));
    }

    public void Dispose() => _dir.Dispose();

    private string[] Common(List<string> ids) =>
        ["run", "--run-id", RunId, "--whitelist", OnlineFixture.WriteWhitelist(_dir.File("wl.json"), ids), "--markets", ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--latency-ms", "0", "--reports-dir", _dir.File("reports")];

    [Fact]
    public async Task RunWs_OnlineThenReplayOfItsRecording_IdenticalExecutionRecordsAndTrades()
    {
        await using var venue = await VenueServer.StartAsync(new VenueOptions(_fixture) { WsIntervalMs = 25 }, CancellationToken.None);
        var ids = OnlineFixture.TierA.Take(2).ToList();
        var recording = _dir.File("rec");
        var onlineDb = _dir.File("online.db");
        var offlineDb = _dir.File("offline.db");

        // The run ends on its 200th frame, however slowly they come (the 10 minutes are only a backstop). The venue's
        // books stay at 0.498/0.502 while the last trade cycles 0.5, 0.5, 0.5, 0.47, 0.5, 0.52 every 5 steps: a step is one
        // price_change per market plus a print per market whose trade price changed, at most 4 frames for the 2 markets,
        // so 200 frames (one REST snapshot, the dump, PONGs included) hold more than 40 steps: 8 prints through each side
        // of the 0.48 / 0.52 quotes per market. The run quotes from the REST books on, so the prints find live orders.
        var online = Mm.Run([.. Common(ids), "--data-mode", "online", "--feed", "ws", "--ws-url", venue.MarketChannelUrl.AbsoluteUri, .. venue.Venue(),
            "--record", recording, "--max-runtime-min", "10", "--max-frames", "200", "--db", onlineDb]);
        var offline = Mm.Run([.. Common(ids), "--fixture-dir", recording, "--db", offlineDb]);

        Assert.True(online.ExitCode == 0, online.Stdout + online.Stderr);
        Assert.Contains("Market channel: frames=200 ", online.Stderr, StringComparison.Ordinal);
        Assert.Equal("max_frames", Db.Scalar(onlineDb, "SELECT stop_reason FROM runs"));
        Assert.Contains("\"max_frames\":200", (string)Db.Scalar(onlineDb, "SELECT params FROM runs")!, StringComparison.Ordinal);
        Assert.True(offline.ExitCode == 0, offline.Stdout + offline.Stderr);
        Assert.Contains("Recording replay: frames=", offline.Stderr, StringComparison.Ordinal);
        var execOnline = Db.Rows(onlineDb, ExecSql, ("$id", RunId));
        var tradesOnline = Db.Rows(onlineDb, TradesSql, ("$id", RunId));
        // Not vacuous: the venue's prints (0.47 below the 0.48 bid, 0.52 above the skewed 0.51 ask) filled orders.
        Assert.True((long)Db.Scalar(onlineDb, "SELECT COUNT(*) FROM execution_records WHERE fill_count > 0")! > 0, online.Stdout + online.Stderr);
        Assert.NotEmpty(tradesOnline);
        Assert.Equal(execOnline, Db.Rows(offlineDb, ExecSql, ("$id", RunId)));
        Assert.Equal(tradesOnline, Db.Rows(offlineDb, TradesSql, ("$id", RunId)));
    }

    [Fact]
    public async Task RunWs_HostileChannel_CountsFaultsResyncsPassesGatesAndStillReplaysIdentically()
    {
        // A quarter of the data frames dropped, every connection cut at 2 s of age, and once, at 0.5 s, a silence that
        // still answers PING and lasts far longer than the run: only the 1 s inactivity watchdog can get the run out of it.
        await using var venue = await VenueServer.StartAsync(new VenueOptions(_fixture)
        {
            WsIntervalMs = 25,
            WsDropRate = 0.25,
            WsDisconnectEverySec = 2,
            WsFreezeAfterSec = 0.5,
            WsFreezeSec = 600,
            Seed = 5,
        }, CancellationToken.None);
        var ids = OnlineFixture.TierA.Take(2).ToList();
        var recording = _dir.File("rec");
        var onlineDb = _dir.File("online.db");
        var offlineDb = _dir.File("offline.db");

        // The run ends on a frame count, not a time window. The venue sends a step per connection at most every 25 ms,
        // at most 4 frames a step for 2 markets (a price_change each, a print each at most), so the frozen connection
        // (at most 20 steps before 0.5 s) and the next one (at most 80 steps before 2 s) carry at most 1 + 80 + 1 + 320
        // frames with their dumps, plus the 2 REST snapshots and a PONG per 10 s: the 500th frame comes from a later
        // connection, after the watchdog trip, its reconnect and resync, and the venue's cut of the second connection.
        var online = Mm.Run([.. Common(ids), "--data-mode", "online", "--feed", "ws", "--ws-url", venue.MarketChannelUrl.AbsoluteUri, .. venue.Venue(),
            "--ws-inactivity-sec", "1", "--record", recording, "--max-runtime-min", "10", "--max-frames", "500", "--db", onlineDb]);
        var offline = Mm.Run([.. Common(ids), "--fixture-dir", recording, "--db", offlineDb]);

        Assert.True(online.ExitCode == 0, online.Stdout + online.Stderr);
        Assert.Equal("complete", Db.Scalar(onlineDb, "SELECT status FROM runs"));
        Assert.Equal("max_frames", Db.Scalar(onlineDb, "SELECT stop_reason FROM runs"));
        var channel = online.Stderr.Split('\n').Single(l => l.StartsWith("Market channel: ", StringComparison.Ordinal));
        Assert.Matches(@" reconnects=[1-9]", channel);
        Assert.Matches(@" disconnects=[1-9]", channel);
        Assert.Matches(@" watchdog=[1-9]", channel);
        Assert.Matches(@" rest_snapshots=([2-9]|\d\d)", channel);
        Assert.True(venue.ChannelStats.Dropped > 0);
        Assert.Contains("\"ws_disconnect\":", (string)Db.Scalar(onlineDb, "SELECT stats FROM runs")!, StringComparison.Ordinal);
        Assert.True(offline.ExitCode == 0, offline.Stdout + offline.Stderr);
        Assert.Equal(Db.Rows(onlineDb, ExecSql, ("$id", RunId)), Db.Rows(offlineDb, ExecSql, ("$id", RunId)));
        Assert.Equal(Db.Rows(onlineDb, TradesSql, ("$id", RunId)), Db.Rows(offlineDb, TradesSql, ("$id", RunId)));
    }

    [Fact]
    public void RunWs_MaxFramesWithoutWsFeed_OneLineError()
    {
        var result = Mm.Run("run", "--max-frames", "10", "--db", _dir.File("t.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --max-frames needs --data-mode online --feed ws", result.Stderr.Trim());
        Assert.False(File.Exists(_dir.File("t.db")));
    }

    [Fact]
    public void RunWs_NegativeMaxFrames_OneLineError()
    {
        var result = Mm.Run("run", "--data-mode", "online", "--feed", "ws", "--max-frames", "-1", "--db", _dir.File("t.db"),
            "--gamma-url", "http://127.0.0.1:9", "--clob-url", "http://127.0.0.1:9", "--ws-url", "ws://127.0.0.1:9/ws/market");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --max-frames must be >= 0 (got -1)", result.Stderr.Trim());
    }

    [Fact]
    public void RunWs_MaxPollsWithWsFeed_OneLineErrorPointingToMaxFrames()
    {
        var result = Mm.Run("run", "--data-mode", "online", "--feed", "ws", "--max-polls", "10", "--db", _dir.File("t.db"),
            "--gamma-url", "http://127.0.0.1:9", "--clob-url", "http://127.0.0.1:9", "--ws-url", "ws://127.0.0.1:9/ws/market");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --max-polls needs --data-mode online --feed rest (--feed ws stops on frames: --max-frames)", result.Stderr.Trim());
    }

    [Fact]
    public void RunWs_RecordWithoutWsFeed_OneLineError()
    {
        var result = Mm.Run("run", "--record", _dir.File("rec"), "--db", _dir.File("t.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --record needs --data-mode online --feed ws", result.Stderr.Trim());
    }
}
