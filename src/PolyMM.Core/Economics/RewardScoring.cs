using PolyMM.Core.Instruments;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Economics;

/// <summary>
/// The venue's liquidity-reward score (docs/design.md#rewards). An order on the YES book at price p, with the
/// size-cutoff-adjusted midpoint m, has spread s = |p − m| (a NO order is first mirrored onto the YES book, so its
/// spread is the same distance from the NO midpoint 1 − m); within the max spread v and of at least the minimum size
/// it scores ((v − s)/v)² × size. Bids count in Q_one, asks in Q_two; Q_min combines them by the midpoint rule. All
/// arithmetic is decimal; only the final division by v² can round (at the 28th digit).
/// </summary>
public static class RewardScoring
{
    /// <summary>Inside [<see cref="MidpointLow"/>, <see cref="MidpointHigh"/>] a one-sided maker still scores 1/c.</summary>
    public const decimal MidpointLow = 0.10m;

    public const decimal MidpointHigh = 0.90m;

    /// <summary>The venue samples once a minute; a daily estimate spreads the daily rate over this many samples.</summary>
    public const int SamplesPerDay = 1440;

    /// <summary>Why <paramref name="terms"/> cannot give an estimate, or null when they can.</summary>
    public static string? Problem(RewardTerms? terms) => terms switch
    {
        null => "no reward terms for this market",
        { MaxSpread: <= 0m } => $"reward max spread must be > 0 (got {terms.MaxSpread})",
        { MaxSpread: >= 1m } => $"reward max spread must be below 1 in price units (got {terms.MaxSpread})",
        { MinSize: < 0m } => $"reward min size must be >= 0 (got {terms.MinSize})",
        { DailyRate: < 0m } => $"reward daily rate must be >= 0 (got {terms.DailyRate})",
        { ScalingFactor: < 1m } => $"reward scaling factor c must be >= 1 (got {terms.ScalingFactor})",
        _ => null,
    };

    /// <summary>
    /// The size-cutoff-adjusted midpoint: levels smaller than <paramref name="minSize"/> are ignored, then the mid of the
    /// best remaining bid and ask. Null when either side has no such level (the venue does not publish its exact rule;
    /// docs/design.md#rewards states this one as an assumption).
    /// </summary>
    public static decimal? AdjustedMidpoint(ReadOnlySpan<PriceLevel> bids, ReadOnlySpan<PriceLevel> asks, decimal minSize)
    {
        decimal? bestBid = null;
        foreach (var l in bids)
        {
            if (l.Size > 0m && l.Size >= minSize && (bestBid is null || l.Price > bestBid))
            {
                bestBid = l.Price;
            }
        }

        decimal? bestAsk = null;
        foreach (var l in asks)
        {
            if (l.Size > 0m && l.Size >= minSize && (bestAsk is null || l.Price < bestAsk))
            {
                bestAsk = l.Price;
            }
        }

        return bestBid is { } b && bestAsk is { } a ? (b + a) / 2m : null;
    }

    /// <summary>Q_min from Q_one and Q_two (docs/design.md#rewards): the single-sided factor applies only inside [0.10, 0.90].</summary>
    public static decimal Combine(decimal one, decimal two, decimal midpoint, decimal scalingFactor)
    {
        var both = Math.Min(one, two);
        return midpoint is >= MidpointLow and <= MidpointHigh
            ? Math.Max(both, Math.Max(one / scalingFactor, two / scalingFactor))
            : both;
    }

    /// <summary>How one order scores against <paramref name="midpoint"/> (the YES token's adjusted midpoint).</summary>
    public static OrderScore ScoreOrder(RewardOrder order, decimal midpoint, RewardTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var (side, price) = order.OnYesBook;
        var sum = side == Side.Buy ? 1 : 2;
        var spread = Math.Abs(price - midpoint);
        string? reason = order switch
        {
            { Price: <= 0m or >= 1m } => "price outside (0, 1)",
            { Size: <= 0m } => "size must be > 0",
            _ when order.Size < terms.MinSize => $"size {order.Size} below the minimum {terms.MinSize}",
            _ when spread > terms.MaxSpread => $"spread {spread / 1.000000000000000000000000000000m} beyond the max spread {terms.MaxSpread}",
            _ => null,
        };
        if (reason is not null)
        {
            return new OrderScore(order, spread, false, 0m, sum, reason);
        }

        var gap = terms.MaxSpread - spread;
        return new OrderScore(order, spread, true, gap * gap * order.Size / (terms.MaxSpread * terms.MaxSpread), sum, null);
    }

    /// <summary>One maker's Q_one, Q_two and Q_min over its resting orders.</summary>
    public static QScores Score(ReadOnlySpan<RewardOrder> orders, decimal midpoint, RewardTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        decimal one = 0m, two = 0m;
        var eligible = 0;
        foreach (var o in orders)
        {
            if (Raw(o, midpoint, terms) is { } raw)
            {
                eligible++;
                if (o.OnYesBook.Side == Side.Buy)
                {
                    one += raw;
                }
                else
                {
                    two += raw;
                }
            }
        }

        return new QScores(one, two, Combine(one, two, midpoint, terms.ScalingFactor), terms.MaxSpread, eligible);
    }

    /// <summary>The YES book's displayed levels scored as one maker (each level as one order of its total size).</summary>
    public static QScores ScoreLevels(ReadOnlySpan<PriceLevel> bids, ReadOnlySpan<PriceLevel> asks, decimal midpoint, RewardTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        decimal one = 0m, two = 0m;
        var eligible = 0;
        foreach (var l in bids)
        {
            if (Raw(new RewardOrder(Outcome.Yes, Side.Buy, l.Price, l.Size), midpoint, terms) is { } raw)
            {
                eligible++;
                one += raw;
            }
        }

        foreach (var l in asks)
        {
            if (Raw(new RewardOrder(Outcome.Yes, Side.Sell, l.Price, l.Size), midpoint, terms) is { } raw)
            {
                eligible++;
                two += raw;
            }
        }

        return new QScores(one, two, Combine(one, two, midpoint, terms.ScalingFactor), terms.MaxSpread, eligible);
    }

    /// <summary>Our Q_min over everyone's (ours plus the others'); null when nobody scores. Exact: it uses the raw sums.</summary>
    public static decimal? Share(QScores ours, QScores others)
    {
        var total = ours.RawMin + others.RawMin;
        return total > 0m ? ours.RawMin / total : null;
    }

    /// <summary>What <paramref name="share"/> of one sample earns: the daily rate spread over the day's samples.</summary>
    public static decimal SampleAccrual(decimal share, decimal dailyRate, int samplesPerDay = SamplesPerDay)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplesPerDay);
        return share * dailyRate / samplesPerDay;
    }

    /// <summary>
    /// The whole estimate for one sample: our quotes against the YES book's levels. When <paramref name="oursInBook"/>
    /// the book already shows our quotes (a live book) and they are taken out of it to leave the other makers; otherwise
    /// the book is the others' and ours are added to it for the midpoint, as the venue would see both.
    /// </summary>
    public static RewardEstimate Estimate(
        ReadOnlySpan<PriceLevel> bookBids, ReadOnlySpan<PriceLevel> bookAsks, ReadOnlySpan<RewardOrder> ours, RewardTerms? terms, bool oursInBook)
    {
        if (Problem(terms) is { } problem)
        {
            return RewardEstimate.None(problem);
        }

        var bids = ToMap(bookBids);
        var asks = ToMap(bookAsks);
        foreach (var o in ours)
        {
            if (oursInBook || o.Price is <= 0m or >= 1m || o.Size <= 0m)
            {
                continue;
            }

            // A book that does not show our quotes gets them added: the venue's midpoint sees every order.
            var (side, price) = o.OnYesBook;
            var levels = side == Side.Buy ? bids : asks;
            levels[price] = levels.GetValueOrDefault(price) + o.Size;
        }

        var merged = (Bids: ToLevels(bids), Asks: ToLevels(asks));
        if (AdjustedMidpoint(merged.Bids, merged.Asks, terms!.MinSize) is not { } mid)
        {
            return RewardEstimate.None($"no midpoint: a book side has no level of at least {terms.MinSize} shares");
        }

        var others = (Bids: Subtract(merged.Bids, ours, Side.Buy), Asks: Subtract(merged.Asks, ours, Side.Sell));
        var ourScores = Score(ours, mid, terms);
        var otherScores = ScoreLevels(others.Bids, others.Asks, mid, terms);
        var share = Share(ourScores, otherScores);
        return new RewardEstimate(null, mid, ourScores, otherScores, share,
            share is { } s ? s * terms.DailyRate : null,
            share is { } t ? SampleAccrual(t, terms.DailyRate) : null);
    }

    private static decimal? Raw(RewardOrder order, decimal midpoint, RewardTerms terms)
    {
        if (order.Price is <= 0m or >= 1m || order.Size <= 0m || order.Size < terms.MinSize)
        {
            return null;
        }

        var spread = Math.Abs(order.OnYesBook.Price - midpoint);
        if (spread > terms.MaxSpread)
        {
            return null;
        }

        var gap = terms.MaxSpread - spread;
        return gap * gap * order.Size;
    }

    private static Dictionary<decimal, decimal> ToMap(ReadOnlySpan<PriceLevel> levels)
    {
        var map = new Dictionary<decimal, decimal>(levels.Length);
        foreach (var l in levels)
        {
            if (l.Size > 0m)
            {
                map[l.Price] = map.GetValueOrDefault(l.Price) + l.Size;
            }
        }

        return map;
    }

    private static PriceLevel[] ToLevels(Dictionary<decimal, decimal> map) =>
        [.. map.Where(kv => kv.Value > 0m).Select(kv => new PriceLevel(kv.Key, kv.Value))];

    // The merged book without our quotes: what the other makers show (never below zero at a level).
    private static PriceLevel[] Subtract(PriceLevel[] merged, ReadOnlySpan<RewardOrder> ours, Side side)
    {
        var map = merged.ToDictionary(l => l.Price, l => l.Size);
        foreach (var o in ours)
        {
            var (s, price) = o.OnYesBook;
            if (s == side && o.Size > 0m && map.TryGetValue(price, out var shown))
            {
                map[price] = Math.Max(0m, shown - o.Size);
            }
        }

        return ToLevels(map);
    }
}
