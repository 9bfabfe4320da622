namespace PolyMM.Reports.Export;

/// <summary>The six tables of <c>mm export</c>, column by column (docs/data-dictionary.md#export).</summary>
public static class ExportTables
{
    private static ExportColumn Col(string name, ColumnKind kind, string unit, string meaning, bool nullable = false) =>
        new(name, kind, nullable, unit, meaning);

    public static ExportTable Equity { get; } = new("equity",
    [
        Col("tick", ColumnKind.Int64, "—", "tick number from 0"),
        Col("ts", ColumnKind.Timestamp, "UTC", "latest event time in the tick"),
        Col("cash_usd", ColumnKind.Decimal, "USD", "cash at the end of the tick"),
        Col("open_value_usd", ColumnKind.Decimal, "USD", "open shares × mark"),
        Col("total_value_usd", ColumnKind.Decimal, "USD", "cash + open value (equity)"),
        Col("exposure_usd", ColumnKind.Decimal, "USD", "cost basis of open lots (what the caps bound once filled)"),
        Col("committed_usd", ColumnKind.Decimal, "USD", "exposure + notional of resting bids"),
    ]);

    public static ExportTable Orders { get; } = new("orders",
    [
        Col("order_id", ColumnKind.Text, "—", "run id + '-' + seq"),
        Col("seq", ColumnKind.Int64, "—", "order number in the run from 1"),
        Col("market_id", ColumnKind.Text, "—", "market id"),
        Col("side", ColumnKind.Text, "—", "BUY or SELL"),
        Col("status", ColumnKind.Text, "—", "open, filled, cancelled, partially_filled or rejected"),
        Col("tier", ColumnKind.Text, "—", "liquidity tier of the snapshot it was sent on: A, B or C"),
        Col("qty_shares", ColumnKind.Decimal, "shares", "order size"),
        Col("limit_price", ColumnKind.Decimal, "prob", "limit price"),
        Col("sent_ts", ColumnKind.Timestamp, "UTC", "when it was sent (event time of its snapshot)"),
        Col("live_ts", ColumnKind.Timestamp, "UTC", "when it became live at the venue (sent + latency)"),
        Col("closed_ts", ColumnKind.Timestamp, "UTC", "when it filled completely, was cancelled or rejected; null while working", nullable: true),
        Col("filled_shares", ColumnKind.Decimal, "shares", "sum of its fills' shares"),
        Col("fill_count", ColumnKind.Int64, "count", "number of its fills"),
        Col("evaluations", ColumnKind.Int64, "count", "snapshots the fill model evaluated it against"),
        Col("reason", ColumnKind.Text, "—", "cancel or rejection reason; null when filled or working", nullable: true),
    ]);

    public static ExportTable Fills { get; } = new("fills",
    [
        Col("fill_id", ColumnKind.Int64, "—", "fill number in the run from 1"),
        Col("order_id", ColumnKind.Text, "—", "the order (orders.order_id)"),
        Col("market_id", ColumnKind.Text, "—", "market id"),
        Col("side", ColumnKind.Text, "—", "BUY or SELL"),
        Col("ts", ColumnKind.Timestamp, "UTC", "fill time (event time)"),
        Col("price", ColumnKind.Decimal, "prob", "fill price"),
        Col("shares", ColumnKind.Decimal, "shares", "shares of this fill"),
        Col("notional_usd", ColumnKind.Decimal, "USD", "shares × price"),
        Col("fee_usd", ColumnKind.Decimal, "USD", "fee charged to cash"),
        Col("rebate_usd", ColumnKind.Decimal, "USD", "maker rebate accrued; null where the ledger stores none (schema v2)", nullable: true),
        Col("is_maker", ColumnKind.Bool, "—", "our order was the resting side"),
        Col("price_source", ColumnKind.Text, "—", "limit, ltp or midpoint"),
        Col("best_bid", ColumnKind.Decimal, "prob", "best bid of the snapshot it filled against", nullable: true),
        Col("best_ask", ColumnKind.Decimal, "prob", "best ask of that snapshot", nullable: true),
        Col("mid", ColumnKind.Decimal, "prob", "stated mid of that snapshot", nullable: true),
        Col("lot_id", ColumnKind.Int64, "—", "buy: the lot it opened; sell: the first lot it closed (lots.lot_id)", nullable: true),
        Col("position_shares", ColumnKind.Decimal, "shares", "shares held in the market after the fill"),
        Col("realized_pnl_usd", ColumnKind.Decimal, "USD", "sell: proceeds − FIFO cost of the lots it closed (fees not included); buy: null", nullable: true),
        Col("cash_usd", ColumnKind.Decimal, "USD", "the run's cash after the fill"),
        Col("mark_at_fill", ColumnKind.Decimal, "prob", "the market's mark at the fill time; null before the first mark", nullable: true),
        Col("spread_capture", ColumnKind.Decimal, "prob/share", "side × (mark at fill − price)", nullable: true),
        Col("markout_1s", ColumnKind.Decimal, "prob/share", "side × (mark at fill + 1 s − price); null when unknown", nullable: true),
        Col("markout_10s", ColumnKind.Decimal, "prob/share", "the same at + 10 s", nullable: true),
        Col("markout_60s", ColumnKind.Decimal, "prob/share", "the same at + 60 s", nullable: true),
        Col("markout_300s", ColumnKind.Decimal, "prob/share", "the same at + 300 s", nullable: true),
    ]);

    public static ExportTable Lots { get; } = new("lots",
    [
        Col("lot_id", ColumnKind.Int64, "—", "lot id (trades.id)"),
        Col("market_id", ColumnKind.Text, "—", "market id"),
        Col("status", ColumnKind.Text, "—", "open or closed"),
        Col("opened_ts", ColumnKind.Timestamp, "UTC", "when the buy opened it (millisecond precision, as stored)"),
        Col("closed_ts", ColumnKind.Timestamp, "UTC", "when a sell closed it; null while open", nullable: true),
        Col("shares", ColumnKind.Decimal, "shares", "shares in this row"),
        Col("entry_price", ColumnKind.Decimal, "prob", "the buy's fill price"),
        Col("cost_basis_usd", ColumnKind.Decimal, "USD", "shares × entry price"),
        Col("exit_price", ColumnKind.Decimal, "prob", "the sell's fill price; null while open", nullable: true),
        Col("proceeds_usd", ColumnKind.Decimal, "USD", "shares × exit price; null while open", nullable: true),
        Col("realized_pnl_usd", ColumnKind.Decimal, "USD", "proceeds − cost basis (fees not included); null while open", nullable: true),
        Col("current_price", ColumnKind.Decimal, "prob", "open: the mark when last written; closed: the exit price", nullable: true),
        Col("entry_fee_usd", ColumnKind.Decimal, "USD", "fee of the buy that opened it"),
        Col("exit_fee_usd", ColumnKind.Decimal, "USD", "its share of the closing sell's fee"),
        Col("entry_price_source", ColumnKind.Text, "—", "limit, ltp or midpoint", nullable: true),
        Col("exit_price_source", ColumnKind.Text, "—", "the same for the sell; null while open", nullable: true),
    ]);

    public static ExportTable Inventory { get; } = new("inventory",
    [
        Col("ts", ColumnKind.Timestamp, "UTC", "fill time of the change"),
        Col("fill_id", ColumnKind.Int64, "—", "the fill that changed it (fills.fill_id)"),
        Col("market_id", ColumnKind.Text, "—", "market id"),
        Col("delta_shares", ColumnKind.Decimal, "shares", "+shares for a buy, −shares for a sell"),
        Col("position_shares", ColumnKind.Decimal, "shares", "shares held in the market after it"),
        Col("market_cost_usd", ColumnKind.Decimal, "USD", "cost basis of the market's open lots after it"),
        Col("avg_entry_price", ColumnKind.Decimal, "prob", "market cost / position (rounded to 6 decimals); null when flat", nullable: true),
        Col("total_cost_usd", ColumnKind.Decimal, "USD", "cost basis of every open lot of the run after it"),
    ]);

    public static ExportTable Rewards { get; } = new("rewards",
    [
        Col("ts", ColumnKind.Timestamp, "UTC", "the sample's minute of event time; null for a whole-run estimate", nullable: true),
        Col("market_id", ColumnKind.Text, "—", "market id; null for a whole-run estimate", nullable: true),
        Col("our_q_min", ColumnKind.Decimal, "score", "Q_min of our resting quotes; null when not sampled", nullable: true),
        Col("total_q_min", ColumnKind.Decimal, "score", "Q_min of the whole visible book, ours included", nullable: true),
        Col("share", ColumnKind.Decimal, "fraction", "our Q_min / the total", nullable: true),
        Col("reward_usd", ColumnKind.Decimal, "USD", "reward accrued (estimate)"),
        Col("book_fully_visible", ColumnKind.Bool, "—", "false on top-of-book data (the share is an upper bound)", nullable: true),
        Col("source", ColumnKind.Text, "—", "where the estimate came from"),
    ]);

    /// <summary>Every table in the order they are written.</summary>
    public static IReadOnlyList<ExportTable> All { get; } = [Equity, Orders, Fills, Lots, Inventory, Rewards];

    /// <summary>The file name of <paramref name="table"/> in <paramref name="format"/>: <c>equity.parquet</c>, <c>orders.csv</c>, ….</summary>
    public static string FileName(ExportTable table, ExportFormat format)
    {
        ArgumentNullException.ThrowIfNull(table);
        return table.Name + (format == ExportFormat.Parquet ? ".parquet" : ".csv");
    }
}
