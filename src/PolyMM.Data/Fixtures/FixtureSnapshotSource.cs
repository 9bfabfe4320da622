using PolyMM.Core.Engine;
using PolyMM.Core.Market;

namespace PolyMM.Data.Fixtures;

/// <summary>The selected markets of a fixture as one streaming reader per market.</summary>
public sealed class FixtureSnapshotSource : ISnapshotSource, IDisposable
{
    private readonly SnapshotFileReader[] _readers;

    public FixtureSnapshotSource(IReadOnlyList<FixtureMarket> markets, DateTimeOffset t0, TimeSpan interval)
    {
        _readers = new SnapshotFileReader[markets.Count];
        try
        {
            for (var i = 0; i < markets.Count; i++)
            {
                _readers[i] = new SnapshotFileReader(markets[i].SnapshotPath, t0, interval);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public int MarketCount => _readers.Length;

    /// <summary>Bytes read so far over every market's file, and their total (for progress).</summary>
    public long BytesRead => _readers.Sum(r => r.BytesRead);

    /// <summary>The total size of every market's file when opened.</summary>
    public long TotalBytes => _readers.Sum(r => r.Length);

    public bool TryRead(int market, out Snapshot snapshot) => _readers[market].TryRead(out snapshot);

    /// <summary>The first snapshot of a market's file, or null when the file has none (for selection).</summary>
    public static Snapshot? First(FixtureMarket market, DateTimeOffset t0, TimeSpan interval)
    {
        using var reader = new SnapshotFileReader(market.SnapshotPath, t0, interval);
        return reader.TryRead(out var s) ? s : null;
    }

    public void Dispose()
    {
        foreach (var r in _readers)
        {
            r?.Dispose();
        }
    }
}
