using System.Globalization;
using PolyMM.Core.Economics;
using PolyMM.Core.Engine;
using PolyMM.Core.Ledger;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;
using PolyMM.Reports.Output;

namespace PolyMM.Reports.Export;

/// <summary>What <see cref="RunExporter.Export"/> wrote; <see cref="RefusedFills"/> counts stored fills the FIFO replay refused (a damaged ledger).</summary>
public sealed record ExportSummary(string RunId, IReadOnlyList<ExportedFile> Files, long RefusedFills);

/// <summary>
/// <c>mm export</c> (docs/data-dictionary.md#export): one run's tidy tables, one file each, read through
/// <see cref="ILedgerReader"/> in one snapshot and streamed, so memory stays bounded whatever the run's length. Fills are
/// replayed through <see cref="Portfolio"/> (the one FIFO, docs/design.md#ledger) for the running position, cash and
/// realized P&amp;L of each fill; markouts come from <see cref="Markouts"/> over the run's mark stream.
/// </summary>
public static class RunExporter
{
    /// <summary>Writes the six tables of <paramref name="runId"/> into <paramref name="dir"/>, each file atomically (docs/design.md#atomic-outputs).</summary>
    public static ExportSummary Export(ILedgerReader reader, string runId, ExportFormat format, string dir)
    {
        ArgumentNullException.ThrowIfNull(reader);
        // One snapshot for every table: a live run is exported as of one commit (docs/design.md#consistent-reads).
        using var snapshot = reader.ReadSnapshot();
        var run = reader.RequireRun(runId);
        var markets = reader.Markets(run.RunKey).Select(m => m.Id).ToArray();
        long refused = 0;
        ExportedFile? equity = null, orders = null, fills = null, inventory = null, lots = null, rewards = null;

        // Independent jobs, largest first; each writes its own files, so what lands on disk does not depend on which
        // thread ran it or when (docs/design.md#performance-notes).
        Action<ILedgerReader>[] jobs =
        [
            r => fills = Write(dir, format, ExportTables.Fills, f =>
                inventory = Write(dir, format, ExportTables.Inventory, inv => refused = FillsAndInventory(r, run, markets, f, inv))),
            r => orders = Write(dir, format, ExportTables.Orders, w => Orders(r, run, markets, w)),
            r => equity = Write(dir, format, ExportTables.Equity, w => Equity(r, run, w)),
            r => lots = Write(dir, format, ExportTables.Lots, w => Lots(r, run, w)),
            r => rewards = Write(dir, format, ExportTables.Rewards, w => Rewards(r, run, markets, w)),
        ];
        RunJobs(reader, jobs);
        return new ExportSummary(run.RunId, [equity!, orders!, fills!, inventory!, lots!, rewards!], refused);
    }

    /// <summary>
    /// Runs <paramref name="jobs"/> on two threads when the reader can give the second one a reader of the same snapshot
    /// (<see cref="ILedgerReader.OpenConcurrentReader"/>), else one after the other. A failing job stops the others
    /// taking new work; its exception is thrown once both threads are done.
    /// </summary>
    private static void RunJobs(ILedgerReader reader, Action<ILedgerReader>[] jobs)
    {
        using var second = Environment.ProcessorCount > 1 ? reader.OpenConcurrentReader() : null;
        var next = -1;
        void Work(ILedgerReader r)
        {
            try
            {
                for (var j = Interlocked.Increment(ref next); j < jobs.Length; j = Interlocked.Increment(ref next))
                {
                    jobs[j](r);
                }
            }
            catch
            {
                Volatile.Write(ref next, jobs.Length);
                throw;
            }
        }

        if (second is null)
        {
            Work(reader);
            return;
        }

        var other = Task.Factory.StartNew(() => Work(second), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            Work(reader);
        }
        catch
        {
            // This thread's failure is the one reported; the other thread only has to have stopped.
            ((IAsyncResult)other).AsyncWaitHandle.WaitOne();
            throw;
        }

        other.GetAwaiter().GetResult();
    }

    private static ExportedFile Write(string dir, ExportFormat format, ExportTable table, Action<ITableWriter> rows)
    {
        var path = Path.Combine(dir, ExportTables.FileName(table, format));
        long count = 0;
        AtomicFile.Write(path, stream =>
        {
            using ITableWriter writer = format == ExportFormat.Parquet ? new ParquetTableWriter(table, stream) : new CsvTableWriter(table, stream);
            rows(writer);
            writer.Complete();
            count = writer.Rows;
        });
        return new ExportedFile(table.Name, path, count);
    }

    private static void Equity(ILedgerReader reader, RunRow run, ITableWriter w)
    {
        foreach (var t in reader.StreamTicks(run.RunKey))
        {
            w.Int64(t.Tick);
            w.Timestamp(t.Ts);
            w.Decimal(t.Cash);
            w.Decimal(t.OpenValue);
            w.Decimal(t.Cash + t.OpenValue);
            w.Decimal(t.OpenCost);
            w.Decimal(t.Committed);
            w.EndRow();
        }
    }

    private static void Orders(ILedgerReader reader, RunRow run, string[] markets, ITableWriter w)
    {
        var prefix = run.RunId + "-";
        foreach (var o in reader.StreamOrders(run.RunKey))
        {
            w.Text(OrderId(prefix, o.Seq));
            w.Int64(o.Seq);
            w.Text(Market(markets, o.MarketIndex));
            w.Text(SideText(o.Side));
            w.Text(StatusText(o.Status));
            w.Text(o.Tier switch { 0 => "A", 1 => "B", _ => "C" });
            w.Decimal(o.Qty);
            w.Decimal(o.LimitPrice);
            w.Timestamp(o.SentAt);
            w.Timestamp(o.LiveAt);
            w.Timestamp(o.ClosedAt);
            w.Decimal(o.FilledQty);
            w.Int64(o.FillCount);
            w.Int64(o.Evaluations);
            w.Text(o.Reason);
            w.EndRow();
        }
    }

    /// <summary>The fills table and the inventory table from one pass over the fills; returns the fills the replay refused.</summary>
    private static long FillsAndInventory(ILedgerReader reader, RunRow run, string[] markets, ITableWriter fills, ITableWriter inventory)
    {
        var prefix = run.RunId + "-";
        var portfolio = new Portfolio(run.Bankroll, markets.Length);
        long refused = 0;
        using var markouts = new StreamingMarkouts<FillState>(reader.StreamMarks(run.RunKey), markets.Length, Markouts.DefaultHorizons,
            (state, m) => FillRow(fills, prefix, markets, state, m));
        foreach (var f in reader.StreamFillRows(run.RunKey))
        {
            var realizedBefore = portfolio.Realized;
            var record = new FillRecord(f.FillId, f.Seq, f.MarketIndex, f.Side, f.Ts, f.Shares, f.Price, f.Fee, f.IsMaker, f.PriceSource,
                string.Empty, default, default, f.LotId);
            var applied = portfolio.Apply(record).Applied;
            refused += applied ? 0 : 1;
            var realized = applied && f.Side == Side.Sell ? portfolio.Realized - realizedBefore : (decimal?)null;
            var position = portfolio.SharesHeld(f.MarketIndex);
            var state = new FillState(f, position, realized, portfolio.Cash);
            markouts.Add(state, f.MarketIndex, new MarkoutFill(f.Ts, f.Side, f.Price, f.Shares));
            if (applied)
            {
                var cost = portfolio.OpenCostOf(f.MarketIndex);
                inventory.Timestamp(f.Ts);
                inventory.Int64(f.FillId);
                inventory.Text(Market(markets, f.MarketIndex));
                inventory.Decimal(f.Side == Side.Buy ? f.Shares : -f.Shares);
                inventory.Decimal(position);
                inventory.Decimal(cost);
                inventory.Decimal(position > 0m ? ExportValues.Scaled(cost / position) : null);
                inventory.Decimal(portfolio.OpenCost);
                inventory.EndRow();
            }
        }

        markouts.Finish(ParseInstant(run.EventEnd));
        return refused;
    }

    /// <summary>A fill with the replay's state right after it, waiting for its markouts.</summary>
    private readonly record struct FillState(FillRow Fill, decimal Position, decimal? Realized, decimal Cash);

    private static void FillRow(ITableWriter w, string prefix, string[] markets, FillState state, FillMarkouts m)
    {
        var f = state.Fill;
        w.Int64(f.FillId);
        w.Text(OrderId(prefix, f.Seq));
        w.Text(Market(markets, f.MarketIndex));
        w.Text(SideText(f.Side));
        w.Timestamp(f.Ts);
        w.Decimal(f.Price);
        w.Decimal(f.Shares);
        w.Decimal(f.Shares * f.Price);
        w.Decimal(f.Fee);
        w.Decimal(f.Rebate);
        w.Bool(f.IsMaker);
        w.Text(f.PriceSource);
        w.Decimal(f.Bid);
        w.Decimal(f.Ask);
        w.Decimal(f.Mid);
        w.Int64(f.LotId);
        w.Decimal(state.Position);
        w.Decimal(state.Realized);
        w.Decimal(state.Cash);
        w.Decimal(m.MarkAtFill);
        w.Decimal(m.SpreadCapture);
        foreach (var perShare in m.PerShare)
        {
            w.Decimal(perShare);
        }

        w.EndRow();
    }

    private static void Lots(ILedgerReader reader, RunRow run, ITableWriter w)
    {
        foreach (var l in reader.StreamLotExport(run.RunId))
        {
            w.Int64(l.Id);
            w.Text(l.MarketId);
            w.Text(l.Closed ? "closed" : "open");
            w.Timestamp(l.OpenedAt);
            w.Timestamp(l.ClosedAt);
            w.Decimal(l.Shares);
            w.Decimal(l.EntryPrice);
            w.Decimal(l.CostBasis);
            w.Decimal(l.ExitPrice);
            w.Decimal(l.Proceeds);
            w.Decimal(l.RealizedPnl);
            w.Decimal(l.CurrentPrice);
            w.Decimal(l.EntryFee);
            w.Decimal(l.ExitFee);
            w.Text(l.EntryPriceSource);
            w.Text(l.ExitPriceSource);
            w.EndRow();
        }
    }

    /// <summary>One row of the rewards table (docs/data-dictionary.md#export).</summary>
    private readonly record struct RewardLine(
        DateTimeOffset? Ts, int? MarketIndex, decimal? OurQMin, decimal? TotalQMin, decimal? Share, decimal RewardUsd, bool? BookFullyVisible, string Source);

    /// <summary>
    /// The run's reward accruals (docs/data-dictionary.md#export): one line per per-minute sample of a market, source
    /// <c>reward_sample</c>; a run without samples (no market had reward terms, or a ledger from before v3) has its
    /// whole-run estimate rows instead, so the table always says what is known.
    /// </summary>
    private static IEnumerable<RewardLine> RewardLines(ILedgerReader reader, RunRow run)
    {
        var any = false;
        foreach (var r in reader.RewardSamples(run.RunKey))
        {
            any = true;
            yield return new RewardLine(r.Ts, r.MarketIndex, r.OurQMin, r.TotalQMin, r.Share, r.RewardUsd, r.BookFullyVisible, "reward_sample");
        }

        if (!any)
        {
            foreach (var r in reader.Rewards(run.RunId))
            {
                yield return new RewardLine(null, null, null, null, null, r.RewardUsd, null, r.Source);
            }
        }
    }

    private static void Rewards(ILedgerReader reader, RunRow run, string[] markets, ITableWriter w)
    {
        foreach (var r in RewardLines(reader, run))
        {
            w.Timestamp(r.Ts);
            w.Text(r.MarketIndex is { } i ? Market(markets, i) : null);
            w.Decimal(r.OurQMin);
            w.Decimal(r.TotalQMin);
            w.Decimal(r.Share);
            w.Decimal(r.RewardUsd);
            w.Bool(r.BookFullyVisible);
            w.Text(r.Source);
            w.EndRow();
        }
    }

    /// <summary>run id + '-' + seq (docs/data-dictionary.md#export), as one string allocation.</summary>
    private static string OrderId(string prefix, long seq) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{seq}");

    private static string Market(string[] markets, int index) =>
        (uint)index < (uint)markets.Length ? markets[index] : index.ToString(CultureInfo.InvariantCulture);

    private static string SideText(Side side) => side == Side.Buy ? "BUY" : "SELL";

    private static string StatusText(OrderStatus status) => status switch
    {
        OrderStatus.Open => "open",
        OrderStatus.Filled => "filled",
        OrderStatus.PartiallyFilled => "partially_filled",
        OrderStatus.Rejected => "rejected",
        _ => "cancelled",
    };

    private static DateTimeOffset? ParseInstant(string? iso) =>
        DateTimeOffset.TryParse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;
}
