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

        var online = Mm.Run([.. Common(ids), "--data-mode", "online", "--feed", "ws", "--ws-url", venue.MarketChannelUrl.AbsoluteUri, .. venue.Venue(),
            "--record", recording, "--max-runtime-min", "0.1", "--db", onlineDb]);
        var offline = Mm.Run([.. Common(ids), "--fixture-dir", recording, "--db", offlineDb]);

        Assert.True(online.ExitCode == 0, online.Stdout + online.Stderr);
        Assert.Contains("Market channel: frames=", online.Stderr, StringComparison.Ordinal);
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
        // A quarter of the data frames dropped, every connection cut after 2 s, and once a 3 s silence that still
        // answers PING (the 1 s inactivity watchdog must reconnect through it).
        await using var venue = await VenueServer.StartAsync(new VenueOptions(_fixture)
        {
            WsIntervalMs = 25,
            WsDropRate = 0.25,
            WsDisconnectEverySec = 2,
            WsFreezeAfterSec = 0.5,
            WsFreezeSec = 3,
            Seed = 5,
        }, CancellationToken.None);
        var ids = OnlineFixture.TierA.Take(2).ToList();
        var recording = _dir.File("rec");
        var onlineDb = _dir.File("online.db");
        var offlineDb = _dir.File("offline.db");

        var online = Mm.Run([.. Common(ids), "--data-mode", "online", "--feed", "ws", "--ws-url", venue.MarketChannelUrl.AbsoluteUri, .. venue.Venue(),
            "--ws-inactivity-sec", "1", "--record", recording, "--max-runtime-min", "0.15", "--db", onlineDb]);
        var offline = Mm.Run([.. Common(ids), "--fixture-dir", recording, "--db", offlineDb]);

        Assert.True(online.ExitCode == 0, online.Stdout + online.Stderr);
        Assert.Equal("complete", Db.Scalar(onlineDb, "SELECT status FROM runs"));
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
    public void RunWs_RecordWithoutWsFeed_OneLineError()
    {
        var result = Mm.Run("run", "--record", _dir.File("rec"), "--db", _dir.File("t.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --record needs --data-mode online --feed ws", result.Stderr.Trim());
    }
}
