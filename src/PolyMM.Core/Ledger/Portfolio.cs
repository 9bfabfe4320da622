namespace PolyMM.Core.Ledger;

/// <summary>
/// The run's cash and FIFO inventory, exact in decimal (docs/design.md#ledger).
/// cash = bankroll − Σ buy notional + Σ sell proceeds − Σ fees, and
/// cash + Σ open shares × mark − bankroll = realized + unrealized − fees, to the last digit.
/// </summary>
public sealed class Portfolio
{
    private readonly MarketPosition[] _positions;
    private long _nextLotId;

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

    public decimal SharesHeld(int market) => _positions[market].Shares;

    public decimal OpenCostOf(int market) => _positions[market].Cost;

    public DateTimeOffset? OldestLotOpenedAt(int market) =>
        _positions[market].Lots.Count > 0 ? _positions[market].Lots.Peek().OpenedAt : null;

    public IEnumerable<Lot> OpenLots(int market) => _positions[market].Lots;

    /// <summary>The last valid mid of the market, or null if none was seen yet.</summary>
    public decimal? Mark(int market) => _positions[market].Mark;

    public void SetMark(int market, decimal mid) => _positions[market].Mark = mid;

    /// <summary>Σ open shares × mark, marking a market with no mid yet at each lot's entry price.</summary>
    public decimal OpenValue
    {
        get
        {
            var value = 0m;
            foreach (var p in _positions)
            {
                value += p.Mark is { } m ? p.Shares * m : p.Cost;
            }

            return value;
        }
    }

    public decimal TotalValue => Cash + OpenValue;

    public decimal Unrealized => OpenValue - OpenCost;

    /// <summary>Books a buy fill: cash pays notional and fee; a new lot opens.</summary>
    public Lot Buy(int market, DateTimeOffset ts, decimal shares, decimal price, decimal fee, string priceSource)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shares);
        ArgumentOutOfRangeException.ThrowIfNegative(fee);
        var lot = new Lot(++_nextLotId, market, ts, shares, price, fee, priceSource);
        var p = _positions[market];
        p.Lots.Enqueue(lot);
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

        var left = shares;
        while (left > 0m)
        {
            var lot = p.Lots.Peek();
            var take = Math.Min(left, lot.Shares);
            var proceeds = take * price;
            var cost = take * lot.EntryPrice;
            if (take == lot.Shares)
            {
                p.Lots.Dequeue();
                onRecord(new LotRecord(lot.Id, market, lot.OpenedAt, take, lot.EntryPrice, lot.EntryFee, lot.EntryPriceSource,
                    true, ts, price, proceeds, proceeds - cost, priceSource, price));
            }
            else
            {
                // The closed part becomes a row of its own; the remainder keeps the lot's id and entry fee.
                lot.Shares -= take;
                onRecord(new LotRecord(++_nextLotId, market, lot.OpenedAt, take, lot.EntryPrice, 0m, lot.EntryPriceSource,
                    true, ts, price, proceeds, proceeds - cost, priceSource, price));
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
