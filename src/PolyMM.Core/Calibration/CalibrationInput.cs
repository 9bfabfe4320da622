using PolyMM.Core.Fills;
using PolyMM.Core.Market;

namespace PolyMM.Core.Calibration;

/// <summary>
/// The part of every snapshot that calibration needs, parsed once: how far, in ticks, the model's reference
/// price (LTP, else mid) still has to move to reach the k-tick bid (mid − k·tick; (ref − bid)/tick) and ask
/// (mid + k·tick; (ask − ref)/tick), the probabilistic model's own distance. Everything that
/// does not depend on alpha, base_liquidity or p_max is computed here, so the 60 grid points only draw and compare.
/// Prices sit on a grid, so distances take few distinct values: each is stored once in
/// <see cref="Distances"/> and snapshots keep an index into it (4 bytes per evaluation, and a grid point
/// computes one probability per distinct distance instead of one exp per evaluation).
/// Invalid snapshots (docs/design.md#snapshot-validation) are skipped, as the engine skips them.
/// </summary>
public sealed class CalibrationInput
{
    private readonly Dictionary<double, int> _index = [];
    private readonly List<double> _distances = [];
    private int[] _bid = new int[1024];
    private int[] _ask = new int[1024];

    public CalibrationInput(int kTicks, decimal tickSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(kTicks);
        ArgumentOutOfRangeException.ThrowIfLessThan(tickSize, 0.0000000001m);
        KTicks = kTicks;
        TickSize = tickSize;
    }

    public int KTicks { get; }

    public decimal TickSize { get; }

    /// <summary>Snapshots kept (each gives two evaluations).</summary>
    public int Count { get; private set; }

    /// <summary>Snapshots skipped as invalid.</summary>
    public long Skipped { get; private set; }

    /// <summary>The distinct distances in ticks, in order of first appearance.</summary>
    public IReadOnlyList<double> Distances => _distances;

    /// <summary>Per kept snapshot, the index in <see cref="Distances"/> of the bid's distance.</summary>
    public ReadOnlySpan<int> BidIndices => _bid.AsSpan(0, Count);

    /// <summary>Per kept snapshot, the index in <see cref="Distances"/> of the ask's distance.</summary>
    public ReadOnlySpan<int> AskIndices => _ask.AsSpan(0, Count);

    public double BidDistance(int i) => _distances[BidIndices[i]];

    public double AskDistance(int i) => _distances[AskIndices[i]];

    public void Add(in Snapshot s)
    {
        if (SnapshotValidator.Validate(s) is not null || (s.LastTradePrice ?? s.MidPrice) is not { } reference)
        {
            Skipped++;
            return;
        }

        var mid = (s.BestBid!.Value + s.BestAsk!.Value) / 2m;
        var offset = KTicks * TickSize;
        Grow(Count + 1);
        _bid[Count] = IndexOf(ProbabilisticFillModel.DistanceTicks(Quoting.Side.Buy, mid - offset, reference, TickSize));
        _ask[Count] = IndexOf(ProbabilisticFillModel.DistanceTicks(Quoting.Side.Sell, mid + offset, reference, TickSize));
        Count++;
    }

    /// <summary>Appends <paramref name="other"/>'s snapshots after this one's (markets are concatenated in order).</summary>
    public void Append(CalibrationInput other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Grow(Count + other.Count);
        var remap = new int[other._distances.Count];
        for (var i = 0; i < remap.Length; i++)
        {
            remap[i] = IndexOf(other._distances[i]);
        }

        for (var i = 0; i < other.Count; i++)
        {
            _bid[Count + i] = remap[other._bid[i]];
            _ask[Count + i] = remap[other._ask[i]];
        }

        Count += other.Count;
        Skipped += other.Skipped;
    }

    private int IndexOf(double distance)
    {
        if (!_index.TryGetValue(distance, out var i))
        {
            i = _distances.Count;
            _distances.Add(distance);
            _index.Add(distance, i);
        }

        return i;
    }

    private void Grow(int need)
    {
        if (need > _bid.Length)
        {
            var size = Math.Max(need, _bid.Length * 2);
            Array.Resize(ref _bid, size);
            Array.Resize(ref _ask, size);
        }
    }
}
