using System.Globalization;
using System.Text;
using PolyMM.Core.Market;
using PolyMM.Data.Fixtures;

namespace PolyMM.Data.Tests.Fixtures;

/// <summary>Parsing ahead on a thread (docs/design.md#performance-notes) hands out exactly what direct reading does.</summary>
public sealed class PrefetchingSnapshotSourceTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 2, 6, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    // Rows whose prices depend on market and row, some without a timestamp (T0 + i × interval applies).
    private List<FixtureMarket> Markets(int count, int rows, int badRowOfMarket1 = -1)
    {
        var list = new List<FixtureMarket>();
        for (var m = 0; m < count; m++)
        {
            var text = new StringBuilder();
            for (var i = 0; i < rows; i++)
            {
                if (m == 1 && i == badRowOfMarket1)
                {
                    text.Append("{\"best_bid\":0.41,\"best_ask\":\n");
                    continue;
                }

                var bid = 0.30m + (((i * 7) + m) % 50 / 100m);
                var ts = i % 5 == 0 ? string.Empty : $"\"timestamp\":\"{T0.AddSeconds(i * 2).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}\",";
                text.Append(CultureInfo.InvariantCulture, $"{{{ts}\"best_bid\":{bid},\"best_ask\":{bid + 0.02m},\"mid_price\":{bid + 0.01m},\"depth_bid_1\":{i},\"last_trade_price\":{bid}}}\n");
            }

            var path = _dir.Write($"snapshots/m{m}.jsonl", text.ToString());
            list.Add(new FixtureMarket(new MarketInfo($"m{m}", $"m{m}", true), path, "{}"));
        }

        return list;
    }

    [Fact]
    public void TryRead_ManyChunksPerMarketReadInAnInterleavedOrder_SameSnapshotsAsReadingDirectly()
    {
        // 3 markets × 5,000 rows: chunks of 1,024 (65,536 / 3 / 4, at most 1,024), so each market spans five chunks and
        // the reader has to wait for room.
        var markets = Markets(3, 5_000);
        var expected = new List<Snapshot>[3];
        using (var direct = new FixtureSnapshotSource(markets, T0, Interval))
        {
            for (var m = 0; m < 3; m++)
            {
                expected[m] = [];
                while (direct.TryRead(m, out var s))
                {
                    expected[m].Add(s);
                }
            }
        }

        using var files = new FixtureSnapshotSource(markets, T0, Interval);
        using var prefetch = new PrefetchingSnapshotSource(files);
        var got = new[] { new List<Snapshot>(), new List<Snapshot>(), new List<Snapshot>() };
        // Market 2 is read far ahead of the others first, then all three in turn, as a merge of unequal cadences would.
        for (var i = 0; i < 3_000; i++)
        {
            Assert.True(prefetch.TryRead(2, out var s));
            got[2].Add(s);
        }

        var open = new[] { true, true, true };
        while (open.Any(o => o))
        {
            for (var m = 0; m < 3; m++)
            {
                if (open[m] && prefetch.TryRead(m, out var s))
                {
                    got[m].Add(s);
                }
                else
                {
                    open[m] = false;
                }
            }
        }

        for (var m = 0; m < 3; m++)
        {
            Assert.Equal(expected[m], got[m]);
            Assert.False(prefetch.TryRead(m, out _));
        }

        Assert.Equal(files.TotalBytes, prefetch.BytesRead);
    }

    [Fact]
    public void TryRead_MalformedLine_EverySnapshotBeforeItThenTheSameErrorAsDirectReading()
    {
        var markets = Markets(2, 3_000, badRowOfMarket1: 2_500);
        string directError;
        using (var direct = new FixtureSnapshotSource(markets, T0, Interval))
        {
            var n = 0;
            directError = Assert.Throws<FixtureFormatException>(() =>
            {
                while (direct.TryRead(1, out _))
                {
                    n++;
                }
            }).Message;
            Assert.Equal(2_500, n);
        }

        using var files = new FixtureSnapshotSource(markets, T0, Interval);
        using var prefetch = new PrefetchingSnapshotSource(files);
        var read = 0;
        var error = Assert.Throws<FixtureFormatException>(() =>
        {
            while (prefetch.TryRead(1, out _))
            {
                read++;
            }
        });

        Assert.Equal(2_500, read);
        Assert.Equal(directError, error.Message);
        // The other market is unaffected.
        var other = 0;
        while (prefetch.TryRead(0, out _))
        {
            other++;
        }

        Assert.Equal(3_000, other);
    }

    [Fact]
    public void Dispose_WhileTheReaderWaitsForRoom_Returns()
    {
        var markets = Markets(1, 20_000);
        using var files = new FixtureSnapshotSource(markets, T0, Interval);
        var prefetch = new PrefetchingSnapshotSource(files);
        Assert.True(prefetch.TryRead(0, out var first));
        Assert.Equal(0.30m, first.BestBid);

        prefetch.Dispose();
    }
}
