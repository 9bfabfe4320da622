using PolyMM.Core.Fills;
using PolyMM.Core.Market;

namespace PolyMM.Core.Calibration;

/// <summary>
/// The part of every snapshot that calibration needs, parsed once: the distance in ticks of the k-tick bid
/// (mid − k·tick) and ask (mid + k·tick) from the model's reference price (LTP, else mid). Everything that
/// does not depend on alpha, base_liquidity or p_max is computed here, so the 60 grid points only draw and compare.
/// Invalid snapshots (SPEC §2) are skipped, as the engine skips them.
/// </summary>
public sealed class CalibrationInput
{
    private double[] _bid = new double[1024];
    private double[] _ask = new double[1024];

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

    public ReadOnlySpan<double> BidDistances => _bid.AsSpan(0, Count);

    public ReadOnlySpan<double> AskDistances => _ask.AsSpan(0, Count);

    public void Add(in Snapshot s)
    {
        if (SnapshotValidator.Validate(s) is not null || (s.LastTradePrice ?? s.MidPrice) is not { } reference)
        {
            Skipped++;
            return;
        }

        var mid = (s.BestBid!.Value + s.BestAsk!.Value) / 2m;
        var offset = KTicks * TickSize;
        if (Count == _bid.Length)
        {
            Array.Resize(ref _bid, _bid.Length * 2);
            Array.Resize(ref _ask, _ask.Length * 2);
        }

        _bid[Count] = ProbabilisticFillModel.DistanceTicks(mid - offset, reference, TickSize);
        _ask[Count] = ProbabilisticFillModel.DistanceTicks(mid + offset, reference, TickSize);
        Count++;
    }

    /// <summary>Appends <paramref name="other"/>'s snapshots after this one's (markets are concatenated in order).</summary>
    public void Append(CalibrationInput other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var need = Count + other.Count;
        if (need > _bid.Length)
        {
            Array.Resize(ref _bid, need);
            Array.Resize(ref _ask, need);
        }

        other.BidDistances.CopyTo(_bid.AsSpan(Count));
        other.AskDistances.CopyTo(_ask.AsSpan(Count));
        Count = need;
        Skipped += other.Skipped;
    }
}
