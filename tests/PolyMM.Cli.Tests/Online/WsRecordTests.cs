using System.Text.Json;
using PolyMM.Cli.Tests.Support;
using PolyMM.FakeVenue;
using static PolyMM.Cli.Tests.Online.OnlineSupport;

namespace PolyMM.Cli.Tests.Online;

/// <summary>mm record --feed ws against the loopback venue's market channel, and mm book show on the recording.</summary>
public sealed class WsRecordTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _fixture;

    public WsRecordTests()
    {
        _fixture = OnlineFixture.Write(_dir.File("fixture"));
    }

    public void Dispose() => _dir.Dispose();

    private static Task<VenueServer> StartChannelVenueAsync(string fixture) =>
        VenueServer.StartAsync(new VenueOptions(fixture) { WsIntervalMs = 20 }, CancellationToken.None);

    private string[] RecordArgs(VenueServer venue, string recording, string minutes, List<string> ids) =>
        ["record", "--feed", "ws", "--out", recording, "--whitelist", OnlineFixture.WriteWhitelist(_dir.File("wl.json"), ids), "--markets", ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--minutes", minutes, "--ws-url", venue.MarketChannelUrl.AbsoluteUri, .. venue.Venue()];

    [Fact]
    public async Task RecordWs_AgainstTheVenue_WritesTokensAndFramesThatBookShowRebuilds()
    {
        await using var venue = await StartChannelVenueAsync(_fixture);
        var recording = _dir.File("rec");
        var ids = OnlineFixture.TierA.Take(2).ToList();

        // 6 s of recording: the assertions need the connection's initial books and a few changes, and on a loaded
        // machine connecting alone took most of the 1.8 s this used to allow (it failed once at load ≈ 30).
        var record = Mm.Run(RecordArgs(venue, recording, "0.1", ids));

        Assert.True(record.ExitCode == 0, record.Stdout + record.Stderr);
        Assert.StartsWith("Recorded: frames=", record.LastLine, StringComparison.Ordinal);
        using (var markets = JsonDocument.Parse(File.ReadAllText(Path.Combine(recording, "markets.json"))))
        {
            var first = markets.RootElement.GetProperty("markets")[0];
            var (yes, no) = venue.TokensOf(first.GetProperty("condition_id").GetString()!);
            Assert.Equal(yes, first.GetProperty("yes_token_id").GetString());
            Assert.Equal(no, first.GetProperty("no_token_id").GetString());
        }

        var file = Assert.Single(Directory.GetFiles(recording, "ws-*.jsonl.gz"));
        using (var gz = new System.IO.Compression.GZipStream(File.OpenRead(file), System.IO.Compression.CompressionMode.Decompress))
        {
            // The REST snapshot taken at start comes before any frame of the channel.
            var first = new StreamReader(gz).ReadLine()!;
            Assert.Contains("\"conn\":0,\"kind\":\"rest_book\",\"frame\":\"[{\\\"market\\\"", first, StringComparison.Ordinal);
        }

        var show = Mm.Run("book", "show", "--fixture-dir", recording, "--json");

        Assert.True(show.ExitCode == 0, show.Stderr);
        using var doc = JsonDocument.Parse(show.Stdout);
        var assets = doc.RootElement.GetProperty("assets").EnumerateArray().ToList();
        Assert.Equal(4, assets.Count);
        var yesBook = assets[0];
        // The venue serves the fixture's 0.498 / 0.502 book for YES; its decoys (0.01, 0.25) sit behind the best bid.
        Assert.Equal(OnlineFixture.Bid, yesBook.GetProperty("best_bid").GetDecimal());
        Assert.Equal(OnlineFixture.Ask, yesBook.GetProperty("best_ask").GetDecimal());
        Assert.Equal(OnlineFixture.Bid, yesBook.GetProperty("bids")[0][0].GetDecimal());
        Assert.True(yesBook.GetProperty("events").GetInt64() > 1);
        Assert.Equal(0, yesBook.GetProperty("bbo_mismatches").GetInt64());
        // NO mirrors YES: best bid 1 − 0.502 = 0.498.
        Assert.Equal(1m - OnlineFixture.Ask, assets[1].GetProperty("best_bid").GetDecimal());
    }

    [Fact]
    public async Task RecordWs_Killed_EveryFlushedLineStillReplays()
    {
        await using var venue = await StartChannelVenueAsync(_fixture);
        var recording = _dir.File("rec");
        using var child = Mm.Start(_dir.Path, RecordArgs(venue, recording, "1", OnlineFixture.TierA.Take(2).ToList()));
        var output = new Captured(child);
        await WaitUntilAsync(() => Directory.Exists(recording) && Directory.GetFiles(recording, "ws-*").Any(f => new FileInfo(f).Length > 2000),
            TimeSpan.FromSeconds(60), () => output.Err);

        child.Kill();
        await child.WaitForExitAsync();

        var show = Mm.Run("book", "show", "--fixture-dir", recording);
        Assert.True(show.ExitCode == 0, show.Stderr);
        Assert.Contains($"best_bid {OnlineFixture.Bid} x", show.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void BookShow_DirectoryWithoutMarketsJson_OneLineErrorNamingIt()
    {
        var result = Mm.Run("book", "show", "--fixture-dir", _dir.Path);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {_dir.Path}: no markets.json (not a recording directory)", result.Stderr.Trim());
    }

    [Fact]
    public void BookShow_BadTime_ExitTwoNamingTheFlag()
    {
        var result = Mm.Run("book", "show", "--fixture-dir", _dir.Path, "--at", "yesterday");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: --at: 'yesterday'", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordWs_BadFeed_ExitTwo()
    {
        var result = Mm.Run("record", "--feed", "udp", "--out", _dir.File("x"), "--minutes", "1");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("error: --feed: 'udp' is not a feed (rest or ws)", result.Stderr.Trim());
    }
}
