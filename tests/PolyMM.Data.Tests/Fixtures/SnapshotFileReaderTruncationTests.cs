using PolyMM.Data.Fixtures;

namespace PolyMM.Data.Tests.Fixtures;

public sealed class SnapshotFileReaderTruncationTests : IDisposable
{
    private const string Complete = """{"timestamp":"2026-02-06T02:09:28Z","best_bid":0.49,"best_ask":0.51,"mid_price":0.5}""";
    private readonly TempDir _dir = new();
    private readonly string _path;

    public SnapshotFileReaderTruncationTests() => _path = _dir.File("m.jsonl");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TryRead_UnterminatedPartialLastLine_ReadsCompleteLinesAndFlagsTail()
    {
        File.WriteAllText(_path, Complete + "\n" + Complete.Replace("28Z", "30Z", StringComparison.Ordinal) + "\n" + """{"timestamp":"2026-02-06T02:09:32Z","best_bi""");
        using var reader = new SnapshotFileReader(_path, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(2));

        var rows = 0;
        while (reader.TryRead(out _))
        {
            rows++;
        }

        Assert.Equal(2, rows);
        Assert.True(reader.TruncatedTail);
    }

    [Fact]
    public void TryRead_MalformedTerminatedLine_ThrowsNamingLine()
    {
        File.WriteAllText(_path, Complete + "\n{\"best_bid\":\n" + Complete + "\n");
        using var reader = new SnapshotFileReader(_path, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(2));

        Assert.True(reader.TryRead(out _));
        var e = Assert.Throws<FixtureFormatException>(() => reader.TryRead(out _));
        Assert.Contains(":2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_CompleteLastLineWithoutNewline_IsRead()
    {
        File.WriteAllText(_path, Complete);
        using var reader = new SnapshotFileReader(_path, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(2));

        Assert.True(reader.TryRead(out var s));
        Assert.Equal(0.49m, s.BestBid);
        Assert.False(reader.TruncatedTail);
    }
}
