using PolyMM.Ledger.Sqlite.Tests.Support;

namespace PolyMM.Ledger.Sqlite.Tests;

/// <summary>The <c>execution_records</c> view: the prototype's wide per-order table, rebuilt over orders/fills.</summary>
public sealed class ExecutionRecordsTests : IDisposable
{
    // docs/data-dictionary.md#fills-csv, in order.
    private static readonly string[] FillsCsvColumns =
    [
        "run_id", "run_tag", "order_id", "trade_id", "market_id", "market_slug", "side", "order_type", "qty_shares",
        "intended_limit_price", "time_in_force", "whale_signal_ts", "whale_entry_ref_price", "whale_ref_type",
        "our_decision_ts", "order_sent_ts", "exchange_ack_ts", "fill_ts", "best_bid", "best_ask", "mid_price",
        "spread_abs", "spread_pct", "depth_bid_1", "depth_ask_1", "depth_bid_2", "depth_ask_2", "last_trade_price",
        "fill_price", "entry_price_source", "current_price_source", "exit_price_source", "fill_price_source",
        "filled_shares", "fees_usd", "is_partial_fill", "fill_count", "latency_ms", "quote_slippage_pct",
        "half_spread_pct", "baseline_slippage_pct", "spread_crossed", "impact_proxy_pct", "liquidity_tier",
    ];

    private readonly TempLedger _db = new();

    public ExecutionRecordsTests()
    {
        using var store = _db.Open();
        using (StandardRun.WriteComplete(store, "run-a"))
        {
        }
    }

    public void Dispose() => _db.Dispose();

    [Fact]
    public void Columns_AreTheFillsCsvColumnsInOrderThenSpecExtras()
    {
        using var store = _db.Open(readOnly: true);

        var columns = Sql.Rows(store.Connection, "SELECT name FROM pragma_table_info('execution_records') ORDER BY cid")
            .Select(r => (string)r["name"]!).ToList();

        Assert.Equal(44, FillsCsvColumns.Length);
        Assert.Equal(
            [.. FillsCsvColumns, "created_at", "updated_at", "book_source", "fill_model", "fill_diagnostics", "status", "cancel_reason"],
            columns);
    }

    [Fact]
    public void Rows_OnePerOrder_IdIsRunIdDashSeq()
    {
        using var store = _db.Open(readOnly: true);

        var ids = Sql.Rows(store.Connection, "SELECT order_id, status FROM execution_records WHERE run_id = 'run-a' ORDER BY order_id")
            .Select(r => ((string)r["order_id"]!, (string)r["status"]!));

        Assert.Equal(
            [("run-a-1", "filled"), ("run-a-2", "cancelled"), ("run-a-3", "filled"), ("run-a-4", "filled"), ("run-a-5", "open")],
            ids);
    }

    [Fact]
    public void FilledBuy_CarriesFillTimeAfterSendAndTheFillSnapshot()
    {
        var r = Row("run-a-1");

        Assert.Equal(("2026-02-06T02:09:28.000Z", "2026-02-06T02:09:30.000Z"), (r["order_sent_ts"], r["fill_ts"]));
        Assert.True(string.CompareOrdinal((string)r["fill_ts"]!, (string)r["order_sent_ts"]!) > 0);

        // The fill snapshot (bid 0.46, ask 0.50), not the one the order was sent on (0.48 / 0.52).
        Assert.Equal((0.46m, 0.50m, 0.48m), (Sql.Dec(r["best_bid"]), Sql.Dec(r["best_ask"]), Sql.Dec(r["mid_price"])));
        Assert.Equal((0.48m, 100m, 0.0096m, 1L, 0L), (Sql.Dec(r["fill_price"]), Sql.Dec(r["filled_shares"]), Sql.Dec(r["fees_usd"]), r["fill_count"], r["is_partial_fill"]));
        Assert.Equal(("m1", "slug-m1", "BUY", "LIMIT", "GTC", 1L), (r["market_id"], r["market_slug"], r["side"], r["order_type"], r["time_in_force"], r["trade_id"]));
        Assert.Equal(("limit", null, "limit", "mid"), (r["entry_price_source"], r["exit_price_source"], r["fill_price_source"], r["current_price_source"]));
        Assert.Equal(("clob", "strict", "A", "MARKET_MAKING_TEST"), (r["book_source"], r["fill_model"], r["liquidity_tier"], r["run_tag"]));
        Assert.Equal(("2026-02-06T02:09:28.000Z", "2026-02-06T02:09:30.000Z"), (r["created_at"], r["updated_at"]));
        Assert.Contains("\"evaluations\":1", (string)r["fill_diagnostics"]!, StringComparison.Ordinal);
    }

    [Fact]
    public void FilledSell_HasExitSourceAndItsFirstLot()
    {
        var r = Row("run-a-4");

        Assert.Equal(("SELL", 1L, null, "limit"), (r["side"], r["trade_id"], r["entry_price_source"], r["exit_price_source"]));
        Assert.Equal((0.53m, 0.57m, 0.55m, 0.53m, 120m), (Sql.Dec(r["best_bid"]), Sql.Dec(r["best_ask"]), Sql.Dec(r["mid_price"]), Sql.Dec(r["fill_price"]), Sql.Dec(r["filled_shares"])));
    }

    [Fact]
    public void CancelledOrder_HasNoFillAndTheSentSnapshot()
    {
        var r = Row("run-a-2");

        Assert.Equal((0L, null, null, null), (r["fill_count"], r["fill_ts"], r["fill_price"], r["fill_diagnostics"]));
        Assert.Equal((0m, 0m), (Sql.Dec(r["filled_shares"]), Sql.Dec(r["fees_usd"])));
        Assert.Equal((0.30m, 0.34m, "quote_moved", "m2"), (Sql.Dec(r["best_bid"]), Sql.Dec(r["best_ask"]), r["cancel_reason"], r["market_id"]));
        Assert.Equal("2026-02-06T02:09:30.000Z", r["updated_at"]);
    }

    [Fact]
    public void RestingOrder_IsOpenWithNoFill()
    {
        var r = Row("run-a-5");

        Assert.Equal(("open", 0L, null, null), (r["status"], r["fill_count"], r["fill_ts"], r["cancel_reason"]));
        Assert.Equal(r["order_sent_ts"], r["updated_at"]);
    }

    private Dictionary<string, object?> Row(string orderId)
    {
        using var store = _db.Open(readOnly: true);
        return Assert.Single(Sql.Rows(store.Connection, "SELECT * FROM execution_records WHERE order_id = $id", ("$id", orderId)));
    }
}
