using PolyMM.Core.Quoting;

namespace PolyMM.Core.Market;

/// <summary>
/// The L2 book of one token (docs/design.md#market-events): the displayed size at every price of both sides. Bids are
/// kept best (highest) first, asks best (lowest) first, each in a sorted array that grows once and is reused, so
/// applying a snapshot, a level change or a top-of-book row allocates nothing after warm-up. Books are small (tens of
/// levels), so an insertion shifts a few elements and beats a tree. A crossed book (best bid ≥ best ask) is kept as
/// the venue sent it and reported by <see cref="IsCrossed"/>; the engine decides what that means.
/// </summary>
public sealed class OrderBook
{
    private readonly Levels _bids = new(descending: true);
    private readonly Levels _asks = new(descending: false);

    /// <summary>The best bid, or null when the bid side is empty.</summary>
    public PriceLevel? BestBid => _bids.Count > 0 ? _bids[0] : null;

    /// <summary>The best ask, or null when the ask side is empty.</summary>
    public PriceLevel? BestAsk => _asks.Count > 0 ? _asks[0] : null;

    /// <summary>Both sides present and best bid ≥ best ask.</summary>
    public bool IsCrossed => _bids.Count > 0 && _asks.Count > 0 && _bids[0].Price >= _asks[0].Price;

    /// <summary>Number of levels on a side (Buy = bids).</summary>
    public int LevelCount(Side side) => Side(side).Count;

    /// <summary>The levels of a side, best first.</summary>
    public ReadOnlySpan<PriceLevel> LevelsOf(Side side) => Side(side).AsSpan();

    /// <summary>The size displayed at <paramref name="price"/> on <paramref name="side"/>, 0 when there is no level.</summary>
    public decimal SizeAt(Side side, decimal price)
    {
        var levels = Side(side);
        var i = levels.IndexOf(price);
        return i >= 0 ? levels[i].Size : 0m;
    }

    /// <summary>Empties both sides.</summary>
    public void Clear()
    {
        _bids.Clear();
        _asks.Clear();
    }

    /// <summary>Replaces the whole book. Levels with size ≤ 0 are dropped; a price given twice keeps the last size.</summary>
    public void ApplySnapshot(BookLevels book)
    {
        Clear();
        foreach (var l in book.Bids)
        {
            _bids.Set(l.Price, l.Size);
        }

        foreach (var l in book.Asks)
        {
            _asks.Set(l.Price, l.Size);
        }
    }

    /// <summary>Sets one level to its new size (0 removes it). Buy = the bid side.</summary>
    public void ApplyLevel(Side side, decimal price, decimal newSize) => Side(side).Set(price, newSize);

    /// <summary>
    /// Replaces the book by what a top-of-book row says: one level per side at the best price with its depth (a
    /// missing depth is stored as 0 displayed shares, a missing price leaves the side empty).
    /// </summary>
    public void SetTop(in Snapshot s)
    {
        Clear();
        if (s.BestBid is { } bid)
        {
            _bids.Put(bid, s.DepthBid1 ?? 0m);
        }

        if (s.BestAsk is { } ask)
        {
            _asks.Put(ask, s.DepthAsk1 ?? 0m);
        }
    }

    private Levels Side(Side side) => side == Quoting.Side.Buy ? _bids : _asks;

    private sealed class Levels(bool descending)
    {
        private PriceLevel[] _items = new PriceLevel[16];

        public int Count { get; private set; }

        public PriceLevel this[int i] => _items[i];

        public ReadOnlySpan<PriceLevel> AsSpan() => _items.AsSpan(0, Count);

        public void Clear() => Count = 0;

        /// <summary>Index of <paramref name="price"/>, or the bitwise complement of where it would be inserted.</summary>
        public int IndexOf(decimal price)
        {
            int lo = 0, hi = Count - 1;
            while (lo <= hi)
            {
                var mid = (lo + hi) >>> 1;
                var p = _items[mid].Price;
                if (p == price)
                {
                    return mid;
                }

                // Best first: bids descending, asks ascending.
                if (descending ? p > price : p < price)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid - 1;
                }
            }

            return ~lo;
        }

        /// <summary>Sets or removes a level (size ≤ 0 removes).</summary>
        public void Set(decimal price, decimal size)
        {
            var i = IndexOf(price);
            if (i >= 0)
            {
                if (size > 0m)
                {
                    _items[i] = new PriceLevel(price, size);
                }
                else
                {
                    Array.Copy(_items, i + 1, _items, i, Count - i - 1);
                    Count--;
                }

                return;
            }

            if (size > 0m)
            {
                Insert(~i, new PriceLevel(price, size));
            }
        }

        /// <summary>Adds a level even when its size is 0 (a top-of-book row without depth still states a price).</summary>
        public void Put(decimal price, decimal size)
        {
            var i = IndexOf(price);
            if (i >= 0)
            {
                _items[i] = new PriceLevel(price, size);
            }
            else
            {
                Insert(~i, new PriceLevel(price, size));
            }
        }

        private void Insert(int at, PriceLevel level)
        {
            if (Count == _items.Length)
            {
                Array.Resize(ref _items, _items.Length * 2);
            }

            Array.Copy(_items, at, _items, at + 1, Count - at);
            _items[at] = level;
            Count++;
        }
    }
}
