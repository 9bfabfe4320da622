using PolyMM.Core.Economics;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Core.Trust;

namespace PolyMM.Core.Ledger;

/// <summary>
/// The typed read side of the ledger (docs/design.md#ledger-reader): everything the reports, trust gates, acceptance
/// check, dashboard loaders and debug bundle read about a run, scoped by its run id or key (never another run's rows).
/// Streams are in the order stated and read lazily; a <see cref="ReadSnapshot"/> makes every read until it is
/// disposed see one commit of the ledger (docs/design.md#consistent-reads).
/// </summary>
public interface ILedgerReader
{
    /// <summary>Where the ledger is (for messages).</summary>
    string Source { get; }

    /// <summary>The schema version of the ledger as read.</summary>
    int SchemaVersion { get; }

    /// <summary>One read transaction until disposed; nested calls share the outer one.</summary>
    IDisposable ReadSnapshot();

    RunRow? Run(string runId);

    /// <summary>The run, or the implementation's one-line "not found" error.</summary>
    RunRow RequireRun(string runId);

    /// <summary>Every run, by start time.</summary>
    IReadOnlyList<RunRow> Runs();

    /// <summary>The newest run of <paramref name="runTag"/>; with <paramref name="status"/>, the newest with that status.</summary>
    string? LatestRunId(string runTag, string? status = null);

    /// <summary>The run's markets, by index.</summary>
    IReadOnlyList<MarketInfo> Markets(long runKey);

    PortfolioFact Portfolio(string runId);

    /// <summary>Every fill in the order the engine applied them (fill time, buys first, then order and fill id).</summary>
    IEnumerable<FillFact> StreamFills(RunRow run);

    /// <summary>The run's lot rows as the gates see them, by id.</summary>
    IEnumerable<LotFact> StreamLots(string runId);

    /// <summary>Every order with each of its fills (one row per fill; one row without a fill for an unfilled order), by seq then fill id.</summary>
    IEnumerable<OrderFillRow> OrdersWithFills(long runKey);

    /// <summary>The end-of-tick samples, by tick.</summary>
    IReadOnlyList<TickRow> Ticks(long runKey);

    /// <summary>The run's lot rows with their times, by id.</summary>
    IEnumerable<LotRow> LotRows(string runId);

    IReadOnlyList<RewardRow> Rewards(string runId);

    /// <summary>The run's mark samples (docs/data-dictionary.md#marks), by event time then market index.</summary>
    IEnumerable<MarkSample> StreamMarks(long runKey);

    /// <summary>
    /// The run's liquidity-reward samples (docs/data-dictionary.md#reward_samples), by event time then market index;
    /// none for a run without reward terms or written before schema v3.
    /// </summary>
    IEnumerable<RewardSample> RewardSamples(long runKey);

    /// <summary>
    /// The fills-export rows (docs/data-dictionary.md#fills-csv): one per order with fills, the given
    /// <c>execution_records</c> columns then a truthful flag (1 or 0), by fill time, side, order id. Values are null,
    /// long, double or string.
    /// </summary>
    IEnumerable<object?[]> FillsExport(string runId, IReadOnlyList<string> columns);

    /// <summary>The raw rows behind a gate issue, for the debug bundle: the order's <c>execution_records</c> row.</summary>
    IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>> ExecutionRecordRows(string orderId);

    /// <summary>The raw rows behind a gate issue, for the debug bundle: the lot's <c>trades</c> rows.</summary>
    IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>> LotRowsRaw(string runId, long lotId);

    // The four streams below serve `mm export` (docs/data-dictionary.md#export); each reads in bounded memory.

    /// <summary>Every order of the run, decoded, by seq.</summary>
    IEnumerable<OrderRow> StreamOrders(long runKey);

    /// <summary>Every fill of the run in the order the engine applied them (fill time, buys first, then order and fill id).</summary>
    IEnumerable<FillRow> StreamFillRows(long runKey);

    /// <summary>The end-of-tick samples, by tick.</summary>
    IEnumerable<EquitySample> StreamTicks(long runKey);

    /// <summary>The run's lot rows with fees, prices and times, by id.</summary>
    IEnumerable<LotExportRow> StreamLotExport(string runId);

    /// <summary>
    /// A second reader of the same ledger for another thread, seeing exactly the commit this reader's open
    /// <see cref="ReadSnapshot"/> sees (docs/design.md#consistent-reads); dispose it before the snapshot ends. Null when
    /// none can be had (no open snapshot, or a ledger that cannot share one): the caller then reads on one thread.
    /// </summary>
    ISnapshotReader? OpenConcurrentReader();
}

/// <summary>A reader of its own (<see cref="ILedgerReader.OpenConcurrentReader"/>), closed when disposed.</summary>
public interface ISnapshotReader : ILedgerReader, IDisposable;
