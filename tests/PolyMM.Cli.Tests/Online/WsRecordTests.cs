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

    private string[] RecordArgs(VenueServer venue, string recording, string minutes, List<string> ids, params string[] more) =>
        ["record", "--feed", "ws", "--out", recording, "--whitelist", OnlineFixture.WriteWhitelist(_dir.File("wl.json"), ids), "--markets", ids.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--minutes", minutes, "--ws-url", venue.MarketChannelUrl.AbsoluteUri, .. venue.Venue(), .. more];

    /// <summary>The <c>frames=</c> count of a <c>Recorded:</c> line.</summary>
    private static long FramesOf(string recordedLine) =>
        long.Parse(System.Text.RegularExpressions.Regex.Match(recordedLine, @"^Recorded: frames=(\d+) ").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task RecordWs_AgainstTheVenue_WritesTokensAndFramesThatBookShowRebuilds()
    {
        await using var venue = await StartChannelVenueAsync(_fixture);
        var recording = _dir.File("rec");
        var ids = OnlineFixture.TierA.Take(2).ToList();

        // The assertions need the connection's initial books and a few changes: the recording stops after 20 frames,
        // however long connecting takes (--minutes is only a backstop). The venue's first frame on the connection is the
        // dump of the 4 books (the venue sends no step for a token before its dump), and
        // every later step is a price_change (or fresh books) per market plus at most one trade each: at most 4 frames a
        // step, so 20 frames hold the dump and at least 3 changes of each market's books (PONGs count as frames, but a
        // PING goes out only every 10 s).
        var record = Mm.Run(RecordArgs(venue, recording, "2", ids, "--max-frames", "20"));

        Assert.True(record.ExitCode == 0, record.Stdout + record.Stderr);
        Assert.StartsWith("Recorded: frames=", record.LastLine, StringComparison.Ordinal);
        Assert.EndsWith(" (max frames reached)", record.LastLine, StringComparison.Ordinal);
        Assert.True(FramesOf(record.LastLine) >= 20, record.LastLine);
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
    public async Task RecordWs_MaxFrames_StopsCompletedWithAtLeastThatManyFrames()
    {
        await using var venue = await StartChannelVenueAsync(_fixture);
        var recording = _dir.File("rec");

        // Only the frame limit can end this before the 30 minutes are up; a stop by the limit is a completed recording.
        var record = Mm.Run(RecordArgs(venue, recording, "30", OnlineFixture.TierA.Take(1).ToList(), "--max-frames", "5"));

        Assert.True(record.ExitCode == 0, record.Stdout + record.Stderr);
        Assert.Contains(" or 5 frames from ", record.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("Recorded: frames=", record.LastLine, StringComparison.Ordinal);
        Assert.EndsWith(" (max frames reached)", record.LastLine, StringComparison.Ordinal);
        Assert.DoesNotContain("(interrupted)", record.Stdout, StringComparison.Ordinal);
        Assert.True(FramesOf(record.LastLine) >= 5, record.LastLine);
        // Every counted frame was flushed into the recording before the exit: one line each, plus the REST snapshot's.
        var lines = CountLines(Assert.Single(Directory.GetFiles(recording, "ws-*.jsonl.gz")));
        Assert.True(lines >= 5 + 1, $"{lines} lines; {record.LastLine}");
    }

    private static int CountLines(string gzFile)
    {
        using var gz = new System.IO.Compression.GZipStream(File.OpenRead(gzFile), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gz);
        var n = 0;
        while (reader.ReadLine() is not null)
        {
            n++;
        }

        return n;
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
