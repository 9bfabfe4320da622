using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;

namespace PolyMM.Ledger.Sqlite.Tests.Support;

/// <summary>
/// Writes a hand-made run through the real <see cref="SqliteRunWriter"/>, booking fills in a real
/// <see cref="Portfolio"/> and reporting rows in the engine's order (lot rows, then the order). Lets a test
/// state exactly which orders, fills and lots exist without depending on the quoting rules.
/// </summary>
internal sealed class ScenarioRun : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 2, 6, 2, 9, 28, TimeSpan.Zero);

    private long _seq;

    public ScenarioRun(LedgerStore store, string runId, string runTag, decimal bankroll, params string[] marketIds)
        : this(store, runId, runTag, bankroll, T0, marketIds)
    {
    }

    public ScenarioRun(LedgerStore store, string runId, string runTag, decimal bankroll, DateTimeOffset startedAt, params string[] marketIds)
    {
        RunId = runId;
        Markets = [.. marketIds.Select(id => new MarketInfo(id, "Title " + id, true, "slug-" + id))];
        RunKey = store.CreateRun(new RunStart(runId, runTag, "offline", """{"fill_model":"strict","seed":7}""", startedAt, "test", bankroll, Markets));
        Portfolio = new Portfolio(bankroll, Markets.Count);
        Writer = new SqliteRunWriter(store, RunKey, runId, runTag, Markets);
    }

    public string RunId { get; }

    public long RunKey { get; }

    public List<MarketInfo> Markets { get; }

    public Portfolio Portfolio { get; }

    public SqliteRunWriter Writer { get; }

    public EngineStats Stats { get; } = new();

    /// <summary>A valid snapshot: mid = (bid + ask) / 2.</summary>
    public static Snapshot Snap(int secondsAfterT0, decimal bid, decimal ask, BookSource source = BookSource.Clob) =>
        new(T0.AddSeconds(secondsAfterT0), bid, ask, (bid + ask) / 2m, 1000m, 1200m, bid, source);

    /// <summary>A buy order sent on <paramref name="sent"/> and filled against <paramref name="fill"/> at its limit.</summary>
    public long Buy(int market, Snapshot sent, Snapshot fill, decimal price, decimal shares, decimal fee)
    {
        Portfolio.SetMark(market, fill.MidPrice!.Value);
        var lot = Portfolio.Buy(market, fill.Ts, shares, price, fee, "limit");
        Writer.OnLot(LotRecord.Open(lot, Portfolio.Mark(market)));
        return Order(market, Side.Buy, price, shares, sent, OrderStatus.Filled, fill.Ts, null, fill, fee, lot.Id);
    }

    /// <summary>A sell order filled at its limit, closing lots FIFO; returns its seq.</summary>
    public long Sell(int market, Snapshot sent, Snapshot fill, decimal price, decimal shares, decimal fee)
    {
        Portfolio.SetMark(market, fill.MidPrice!.Value);
        long? first = null;
        Portfolio.Sell(market, fill.Ts, shares, price, fee, "limit", record =>
        {
            first ??= record.Id;
            Writer.OnLot(record);
        });
        return Order(market, Side.Sell, price, shares, sent, OrderStatus.Filled, fill.Ts, null, fill, fee, first);
    }

    public long Cancel(int market, Side side, Snapshot sent, DateTimeOffset at, decimal price, decimal shares, string reason) =>
        Order(market, side, price, shares, sent, OrderStatus.Cancelled, at, reason, null, null, null);

    public long Resting(int market, Side side, Snapshot sent, decimal price, decimal shares) =>
        Order(market, side, price, shares, sent, OrderStatus.Open, null, null, null, null, null);

    public void Tick(long tick, int secondsAfterT0)
    {
        var committed = Portfolio.OpenCost;
        Writer.OnTick(new TickSample(tick, T0.AddSeconds(secondsAfterT0), Portfolio.Cash, Portfolio.OpenValue, Portfolio.OpenCost, committed));
    }

    public void Checkpoint() => Writer.Checkpoint(Portfolio, Stats, T0.AddHours(1), force: true);

    /// <summary>Re-marks open lots (as the engine's Finish does) and completes the run.</summary>
    public void Complete(int lastSecond)
    {
        for (var m = 0; m < Markets.Count; m++)
        {
            foreach (var lot in Portfolio.OpenLots(m))
            {
                Writer.OnLot(LotRecord.Open(lot, Portfolio.Mark(m)));
            }
        }

        Writer.Complete(Portfolio, Stats, RunStatus.Complete, T0.AddHours(1),
            new ReplayResult(StopReason.DataExhausted, T0, T0.AddSeconds(lastSecond), lastSecond / 2));
    }

    public void Dispose() => Writer.Dispose();

    private long Order(int market, Side side, decimal price, decimal shares, Snapshot sent, OrderStatus status, DateTimeOffset? closedAt,
        string? reason, Snapshot? fill, decimal? fee, long? lotId)
    {
        var seq = ++_seq;
        var diagnostics = fill is null ? default : new FillDiagnostics(fill.Value.LastTradePrice, 1.5, 0.4, 0.35, 0.25);
        var filled = status == OrderStatus.Filled && fill is not null;
        if (filled)
        {
            // One fill per order in these scenarios: its fill id is the order's seq.
            Writer.OnFill(new FillRecord(seq, seq, market, side, fill!.Value.Ts, shares, price, fee ?? 0m, IsMaker: true, "limit",
                string.Empty, fill.Value, diagnostics, lotId));
        }

        Writer.OnOrder(new OrderUpdate(seq, market, side, price, shares, sent, LiquidityTier.A, sent.Ts, sent.Ts, status,
            filled ? shares : 0m, filled ? 1 : 0, closedAt, reason, fill is null ? 0 : 1));
        return seq;
    }
}
