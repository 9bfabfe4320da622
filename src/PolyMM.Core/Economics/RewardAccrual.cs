using PolyMM.Core.Instruments;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Economics;

/// <summary>
/// Liquidity-reward accrual of one run (docs/design.md#rewards): every minute of event time the data cover is sampled
/// once — at the first event of the next minute, or at the run's end for the last one — scoring, in each market with
/// usable <see cref="RewardTerms"/>, our resting orders against the visible book of the other makers. A sample accrues
/// share × daily rate / 1,440 times the fraction of its minute the data cover (the run's first and last minutes are
/// usually partial). Between minutes the engine's only cost is one comparison per event (<see cref="Due"/>). The
/// numbers are an estimate: the venue samples at random instants, sees every maker's orders and publishes neither its
/// midpoint rule nor its epoch.
/// </summary>
public sealed class RewardAccrual
{
    private readonly RewardTerms?[] _terms;
    private readonly ILedgerSink _sink;
    private long _minute = long.MinValue;
    private DateTimeOffset _coveredFrom;

    /// <summary>The accrual over <paramref name="instruments"/>; a market whose terms have a <see cref="RewardScoring.Problem"/> is not sampled.</summary>
    public RewardAccrual(IReadOnlyList<InstrumentSpec> instruments, ILedgerSink sink)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        _sink = sink;
        _terms = new RewardTerms?[instruments.Count];
        for (var i = 0; i < _terms.Length; i++)
        {
            _terms[i] = RewardScoring.Problem(instruments[i].Rewards) is null ? instruments[i].Rewards : null;
            Any |= _terms[i] is not null;
        }
    }

    /// <summary>Whether any market has usable terms (else the engine never asks).</summary>
    public bool Any { get; }

    /// <summary>Whether market <paramref name="market"/> is sampled.</summary>
    public bool Scores(int market) => _terms[market] is not null;

    /// <summary>
    /// Whether <paramref name="ts"/> starts a new minute of event time, so that the minute before it is to be sampled now
    /// (<paramref name="minute"/> is its start, <paramref name="covered"/> the fraction of it the data covered). The first
    /// call only starts the clock. Minutes with no event at all (a gap in the data) are not sampled.
    /// </summary>
    public bool Due(DateTimeOffset ts, out DateTimeOffset minute, out decimal covered)
    {
        var m = ts.UtcTicks / TimeSpan.TicksPerMinute;
        minute = default;
        covered = 0m;
        if (m <= _minute)
        {
            return false;
        }

        var first = _minute == long.MinValue;
        if (!first)
        {
            minute = Start(_minute);
            covered = Fraction(Start(_minute + 1) - _coveredFrom);
        }

        _minute = m;
        _coveredFrom = first ? ts : Start(m);
        return !first && covered > 0m;
    }

    /// <summary>The run's last minute, sampled when the run ends at <paramref name="ts"/>: covered from its start (or the run's first event) to <paramref name="ts"/>.</summary>
    public bool Final(DateTimeOffset ts, out DateTimeOffset minute, out decimal covered)
    {
        minute = _minute == long.MinValue ? default : Start(_minute);
        covered = _minute == long.MinValue || ts <= _coveredFrom ? 0m : Fraction(ts - _coveredFrom);
        _minute = long.MaxValue;
        return covered > 0m;
    }

    private static DateTimeOffset Start(long minute) => new(minute * TimeSpan.TicksPerMinute, TimeSpan.Zero);

    // Of one minute, at most all of it (a run that fails ends at wall time, which can lie far past its events).
    private static decimal Fraction(TimeSpan span) => Math.Min(1m, (decimal)span.Ticks / TimeSpan.TicksPerMinute);

    /// <summary>
    /// Scores market <paramref name="market"/> for the minute starting at <paramref name="ts"/>, of which the data covered
    /// the fraction <paramref name="covered"/>: <paramref name="bids"/> and
    /// <paramref name="asks"/> are the YES book as the data show it (without our orders), <paramref name="ours"/> our
    /// orders resting on the venue, <paramref name="fullyVisible"/> false when the data show only the touch (then a
    /// side without a displayed size falls back to <paramref name="touchMid"/> for the midpoint). Returns the sample
    /// sent to the sink, or null when there is no midpoint (nothing to score against).
    /// </summary>
    public RewardSample? Sample(int market, DateTimeOffset ts, decimal covered, ReadOnlySpan<PriceLevel> bids, ReadOnlySpan<PriceLevel> asks,
        ReadOnlySpan<RewardOrder> ours, bool fullyVisible, decimal? touchMid)
    {
        if (_terms[market] is not { } terms)
        {
            return null;
        }

        if ((Midpoint(bids, asks, ours, terms.MinSize) ?? (fullyVisible ? null : touchMid)) is not { } mid)
        {
            return null;
        }

        var mine = RewardScoring.Score(ours, mid, terms);
        var others = RewardScoring.ScoreLevels(bids, asks, mid, terms);
        var share = RewardScoring.Share(mine, others) ?? 0m;
        // Kept unrounded: one sample of a small quote in a deep book accrues far less than a micro-USD; the run's totals are
        // rounded to micro-USD where they are stored (docs/design.md#rewards).
        var usd = RewardScoring.SampleAccrual(share, terms.DailyRate) * covered;
        var sample = new RewardSample(market, ts, mine.QMin, mine.QMin + others.QMin, share, usd, fullyVisible);
        _sink.OnReward(sample);
        return sample;
    }

    // The size-cutoff-adjusted midpoint of the book with our orders added (the venue sees both): the best bid and ask of
    // at least the minimum size across the displayed levels and our orders as the YES book shows them.
    private static decimal? Midpoint(ReadOnlySpan<PriceLevel> bids, ReadOnlySpan<PriceLevel> asks, ReadOnlySpan<RewardOrder> ours, decimal minSize)
    {
        decimal? bestBid = null, bestAsk = null;
        foreach (var l in bids)
        {
            if (l.Size > 0m && l.Size >= minSize && (bestBid is null || l.Price > bestBid))
            {
                bestBid = l.Price;
            }
        }

        foreach (var l in asks)
        {
            if (l.Size > 0m && l.Size >= minSize && (bestAsk is null || l.Price < bestAsk))
            {
                bestAsk = l.Price;
            }
        }

        foreach (var o in ours)
        {
            if (o.Size <= 0m || o.Size < minSize || o.Price is <= 0m or >= 1m)
            {
                continue;
            }

            var (side, price) = o.OnYesBook;
            if (side == Side.Buy && (bestBid is null || price > bestBid))
            {
                bestBid = price;
            }
            else if (side == Side.Sell && (bestAsk is null || price < bestAsk))
            {
                bestAsk = price;
            }
        }

        return bestBid is { } b && bestAsk is { } a ? (b + a) / 2m : null;
    }
}
