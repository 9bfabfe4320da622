using PolyMM.Cli.Tests.Support;
using static PolyMM.Cli.Tests.Online.OnlineSupport;

namespace PolyMM.Cli.Tests.Online;

/// <summary>mm record against the loopback venue, and the recording replayed offline.</summary>
public sealed class RecordTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _fixture;

    public RecordTests()
    {
        _fixture = OnlineFixture.Write(_dir.File("fixture"));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Record_ThenOfflineRun_ReplaysTheRecording()
    {
        await using var venue = await StartVenueAsync(_fixture, pageSize: 3);
        var recording = _dir.File("rec");

        // Five polls, however slow the machine: only --max-polls can end this before the 5 minutes are up.
        var record = Mm.Run(["record", "--out", recording, "--markets", "4", "--minutes", "5", "--poll-interval-sec", "0.05", "--max-polls", "5", .. venue.Venue()]);

        Assert.True(record.ExitCode == 0, record.Stdout + record.Stderr);
        Assert.StartsWith("Recorded: polls=5 ", record.LastLine, StringComparison.Ordinal);
        Assert.EndsWith(" (max polls reached)", record.LastLine, StringComparison.Ordinal);
        var ids = OnlineFixture.TierA.Take(4).ToList();
        foreach (var id in ids)
        {
            // One line per market per poll: the loopback venue answers every fetch.
            var lines = File.ReadAllLines(Path.Combine(recording, "snapshots", id + ".jsonl"));
            Assert.True(lines.Length == 5, $"{id}: {lines.Length} lines; {record.Stdout}{record.Stderr}");
            Assert.Contains("\"timestamp\":\"", lines[0], StringComparison.Ordinal);
            Assert.Contains("\"book_source\":\"clob\"", lines[0], StringComparison.Ordinal);
            Assert.Contains("\"best_bid\":0.498", lines[0], StringComparison.Ordinal);
        }

        Assert.Contains("\"outcomePrices\"", File.ReadAllText(Path.Combine(recording, "markets.json")), StringComparison.Ordinal);

        var run = Mm.Run("run", "--fixture-dir", recording, "--whitelist", OnlineFixture.WriteWhitelist(_dir.File("wl.json"), ids),
            "--markets", "4", "--db", _dir.File("t.db"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Trust gates: pre_run PASS, post_run PASS", run.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("Run complete:", run.LastLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_MaxPolls_StopsCompletedAfterExactlyThatManyPolls()
    {
        await using var venue = await StartVenueAsync(_fixture);
        var recording = _dir.File("rec");

        // Only the poll limit can end this before the 30 minutes are up; a stop by the limit is a completed recording.
        var record = Mm.Run(["record", "--out", recording, "--markets", "1", "--minutes", "30", "--poll-interval-sec", "0.01", "--max-polls", "3", .. venue.Venue()]);

        Assert.True(record.ExitCode == 0, record.Stdout + record.Stderr);
        Assert.Contains(" or 3 polls, one poll every ", record.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("Recorded: polls=3 lines=3 markets=1 ", record.LastLine, StringComparison.Ordinal);
        Assert.EndsWith(" (max polls reached)", record.LastLine, StringComparison.Ordinal);
        Assert.DoesNotContain("(interrupted)", record.Stdout, StringComparison.Ordinal);
    }

    // The count-based stops of both feeds: a bad count, or one meant for the other feed, is a one-line error before any
    // network work. Port 9 on loopback answers nothing, so reaching discovery would fail with a different error.
    [Theory]
    [InlineData("rest", "--max-polls", "0", "error: --max-polls must be >= 1")]
    [InlineData("ws", "--max-polls", "10", "error: --max-polls applies to --feed rest only (--feed ws stops on frames: --max-frames)")]
    [InlineData("ws", "--max-frames", "0", "error: --max-frames must be >= 1")]
    [InlineData("rest", "--max-frames", "10", "error: --max-frames applies to --feed ws only")]
    public void Record_BadStopCount_ExitTwoBeforeAnyNetworkWork(string feed, string option, string value, string error)
    {
        var result = Mm.Run("record", "--feed", feed, "--out", _dir.File("x"), "--minutes", "1", option, value,
            "--gamma-url", "http://127.0.0.1:9", "--clob-url", "http://127.0.0.1:9", "--ws-url", "ws://127.0.0.1:9/ws/market");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(error, result.Stderr.Trim());
        Assert.False(Directory.Exists(_dir.File("x")));
    }

    [Fact]
    public async Task Record_KilledMidWrite_LeavesFixtureThatReplays()
    {
        await using var venue = await StartVenueAsync(_fixture);
        var recording = _dir.File("rec");
        var ids = OnlineFixture.TierA.Take(3).ToList();
        var whitelist = OnlineFixture.WriteWhitelist(_dir.File("wl.json"), ids);
        using var child = Mm.Start(_dir.Path, ["record", "--out", recording, "--whitelist", whitelist, "--markets", "3", "--minutes", "1", "--poll-interval-sec", "0.02", .. venue.Venue()]);
        var output = new Captured(child);
        var files = ids.Select(id => Path.Combine(recording, "snapshots", id + ".jsonl")).ToList();
        await WaitUntilAsync(() => files.All(f => File.Exists(f) && LineCount(f) >= 10), TimeSpan.FromSeconds(30), () => output.Err);

        child.Kill();
        await child.WaitForExitAsync();

        var run = Mm.Run("run", "--fixture-dir", recording, "--whitelist", whitelist, "--markets", "3", "--db", _dir.File("t.db"));
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        Assert.StartsWith("Run complete:", run.LastLine, StringComparison.Ordinal);
    }

    private static int LineCount(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var n = 0;
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            n += b == '\n' ? 1 : 0;
        }

        return n;
    }
}
