using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Ledger;

/// <summary>
/// The run's cash and FIFO inventory, exact in decimal (docs/design.md#ledger).
/// cash = bankroll − Σ buy notional + Σ sell proceeds − Σ fees, and
/// cash + Σ open shares × mark − bankroll = realized + unrealized − fees, to the last digit.
/// </summary>
public sealed class Portfolio
{
    private readonly FillIdSet _appliedFills = new();
    private readonly Stack<Lot> _closedLots = new();
    private MarketPosition[] _positions;
    private long _nextLotId;

    // Σ open shares × mark as last computed, and whether a mark or a position changed since (docs/design.md#performance-notes).
    private decimal _openValue;
    private bool _openValueStale = true;

    public Portfolio(decimal bankroll, int marketCount)
    {
        Bankroll = bankroll;
        Cash = bankroll;
        _positions = new MarketPosition[marketCount];
        for (var i = 0; i < marketCount; i++)
        {
            _positions[i] = new MarketPosition();
        }
    }

    public decimal Bankroll { get; }
    public decimal Cash { get; private set; }
    public decimal Fees { get; private set; }
    public decimal Realized { get; private set; }

    /// <summary>Cost basis of every open lot, all markets.</summary>
    public decimal OpenCost { get; private set; }

    public int MarketCount => _positions.Length;

    /// <summary>Adds a market with no position; returns its index (for replays that learn markets as they go).</summary>
    public int AddMarket()
    {
        var index = _positions.Length;
        Array.Resize(ref _positions, index + 1);
        _positions[index] = new MarketPosition();
        _openValueStale = true;
        return index;
    }

    /// <summary>Whether the fill id has been applied already.</summary>
    public bool HasApplied(long fillId) => _appliedFills.Contains(fillId);

    /// <summary>
    /// Books one fill (docs/design.md#ledger): the only FIFO of the product. A buy opens a lot, a sell closes lots oldest
    /// first (<see cref="Sell"/>), each change reported to <paramref name="onRecord"/>. Idempotent by
    /// <see cref="FillRecord.FillId"/>: a fill id seen before is refused (<see cref="FillRefusal.DuplicateFillId"/>) and
    /// changes nothing; so is a sell of more shares than held (<see cref="FillRefusal.ExceedsHeld"/>; inventory is long-only).
    /// </summary>
    public FillApplication Apply(in FillRecord fill, Action<LotRecord>? onRecord = null)
    {
        if (_appliedFills.Contains(fill.FillId))
        {
            return new FillApplication(FillRefusal.DuplicateFillId, null);
        }

        if (fill.Side == Side.Sell && fill.Shares > _positions[fill.MarketIndex].Shares)
        {
            return new FillApplication(FillRefusal.ExceedsHeld, null);
        }

        _appliedFills.Add(fill.FillId);
        if (fill.Side == Side.Buy)
        {
            var lot = Buy(fill.MarketIndex, fill.Ts, fill.Shares, fill.Price, fill.Fee, fill.PriceSource);
            onRecord?.Invoke(LotRecord.Open(lot, Mark(fill.MarketIndex)));
            return new FillApplication(FillRefusal.None, lot.Id);
        }

        var first = _positions[fill.MarketIndex].Lots.Peek().Id;
        Sell(fill.MarketIndex, fill.Ts, fill.Shares, fill.Price, fill.Fee, fill.PriceSource, onRecord ?? IgnoreRecord);
        return new FillApplication(FillRefusal.None, first);
    }

    private static readonly Action<LotRecord> IgnoreRecord = _ => { };

    public decimal SharesHeld(int market) => _positions[market].Shares;

    public decimal OpenCostOf(int market) => _positions[market].Cost;

    public DateTimeOffset? OldestLotOpenedAt(int market) =>
        _positions[market].Lots.Count > 0 ? _positions[market].Lots.Peek().OpenedAt : null;

    public IEnumerable<Lot> OpenLots(int market) => _positions[market].Lots;

    /// <summary>The last valid mid of the market, or null if none was seen yet.</summary>
    public decimal? Mark(int market) => _positions[market].Mark;

    public void SetMark(int market, decimal mid)
    {
        var p = _positions[market];
        if (p.Mark is not { } old || !DecimalMath.SameBits(old, mid))
        {
            p.Mark = mid;
            _openValueStale = true;
        }
    }

    /// <summary>
    /// Σ open shares × mark, marking a market with no mid yet at each lot's entry price. Recomputed only after a mark (by
    /// its bits) or a position changed, so it is always the sum computed afresh, scale included.
    /// </summary>
    public decimal OpenValue
    {
        get
        {
            if (_openValueStale)
            {
                var value = 0m;
                foreach (var p in _positions)
                {
                    value += p.Mark is { } m ? p.Shares * m : p.Cost;
                }

                _openValue = value;
                _openValueStale = false;
            }

            return _openValue;
        }
    }

    public decimal TotalValue => Cash + OpenValue;

    public decimal Unrealized => OpenValue - OpenCost;

    /// <summary>
    /// Books a buy fill: cash pays notional and fee; a new lot opens. The lot object is the portfolio's: once the lot is
    /// closed it may be reused for a later one, so keep its values (<see cref="LotRecord"/>), not the object.
    /// </summary>
    public Lot Buy(int market, DateTimeOffset ts, decimal shares, decimal price, decimal fee, string priceSource)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shares);
        ArgumentOutOfRangeException.ThrowIfNegative(fee);
        // A lot closed earlier is reused for the new one: a long run opens lots without allocating (docs/design.md#performance-notes).
        var lot = _closedLots.TryPop(out var free)
            ? free.Reopen(++_nextLotId, market, ts, shares, price, fee, priceSource)
            : new Lot(++_nextLotId, market, ts, shares, price, fee, priceSource);
        var p = _positions[market];
        p.Lots.Enqueue(lot);
        _openValueStale = true;
        p.Shares += shares;
        p.Cost += lot.CostBasis;
        OpenCost += lot.CostBasis;
        Cash -= (shares * price) + fee;
        Fees += fee;
        return lot;
    }

    /// <summary>
    /// Books a sell fill, closing lots oldest first and splitting the last one touched when the sell
    /// covers only part of it. Each closure is reported to <paramref name="onRecord"/> as the rows to store.
    /// </summary>
    public void Sell(int market, DateTimeOffset ts, decimal shares, decimal price, decimal fee, string priceSource, Action<LotRecord> onRecord)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shares);
        ArgumentOutOfRangeException.ThrowIfNegative(fee);
        var p = _positions[market];
        if (shares > p.Shares)
        {
            throw new InvalidOperationException($"sell of {shares} shares exceeds the {p.Shares} held: inventory is long-only");
        }

        _openValueStale = true;
        var left = shares;
        var feeLeft = fee;
        while (left > 0m)
        {
            var lot = p.Lots.Peek();
            var take = Math.Min(left, lot.Shares);
            var proceeds = take * price;
            var cost = take * lot.EntryPrice;

            // The lot's share of the sell fee, pro rata by shares and rounded to micro-USD; the last lot closed takes what
            // is left, so the parts sum exactly to the fill's fee (docs/design.md#ledger).
            var exitFee = take == left ? feeLeft : Math.Round(fee * take / shares, Money.Decimals, MidpointRounding.ToEven);
            exitFee = Math.Min(exitFee, feeLeft);
            feeLeft -= exitFee;
            if (take == lot.Shares)
            {
                p.Lots.Dequeue();
                onRecord(new LotRecord(lot.Id, market, lot.OpenedAt, take, lot.EntryPrice, lot.EntryFee, lot.EntryPriceSource,
                    true, ts, price, proceeds, proceeds - cost, priceSource, price, exitFee));
                _closedLots.Push(lot);
            }
            else
            {
                // The closed part becomes a row of its own; the remainder keeps the lot's id and entry fee.
                lot.Shares -= take;
                onRecord(new LotRecord(++_nextLotId, market, lot.OpenedAt, take, lot.EntryPrice, 0m, lot.EntryPriceSource,
                    true, ts, price, proceeds, proceeds - cost, priceSource, price, exitFee));
                onRecord(LotRecord.Open(lot, p.Mark));
            }

            p.Shares -= take;
            p.Cost -= cost;
            OpenCost -= cost;
            Realized += proceeds - cost;
            left -= take;
        }

        Cash += (shares * price) - fee;
        Fees += fee;
    }

    private sealed class MarketPosition
    {
        public Queue<Lot> Lots { get; } = new();
        public decimal Shares { get; set; }
        public decimal Cost { get; set; }
        public decimal? Mark { get; set; }
    }
}

/// <summary>Why <see cref="Portfolio.Apply"/> refused a fill.</summary>
public enum FillRefusal : byte
{
    None = 0,

    /// <summary>The fill id was applied before: a fill is booked once.</summary>
    DuplicateFillId = 1,

    /// <summary>A sell of more shares than the market holds.</summary>
    ExceedsHeld = 2,
}

/// <summary>The outcome of <see cref="Portfolio.Apply"/>: applied (with the lot a buy opened or the first lot a sell closed), or refused.</summary>
public readonly record struct FillApplication(FillRefusal Refusal, long? LotId)
{
    public bool Applied => Refusal == FillRefusal.None;
}
