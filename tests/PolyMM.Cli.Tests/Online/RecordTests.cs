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

        var record = Mm.Run(["record", "--out", recording, "--markets", "4", "--minutes", "0.02", "--poll-interval-sec", "0.05", .. venue.Venue()]);

        Assert.Equal(0, record.ExitCode);
        Assert.StartsWith("Recorded: ", record.LastLine, StringComparison.Ordinal);
        var ids = OnlineFixture.TierA.Take(4).ToList();
        foreach (var id in ids)
        {
            var lines = File.ReadAllLines(Path.Combine(recording, "snapshots", id + ".jsonl"));
            Assert.True(lines.Length >= 5, $"{id}: {lines.Length} lines");
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
