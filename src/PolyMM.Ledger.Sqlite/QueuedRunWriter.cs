using System.Collections.Concurrent;
using PolyMM.Core.Economics;
using PolyMM.Core.Engine;
using PolyMM.Core.Ledger;
using PolyMM.Core.Orders;

namespace PolyMM.Ledger.Sqlite;

/// <summary>
/// Runs a <see cref="SqliteRunWriter"/> on its own thread: the engine's events are copied into batches that a
/// bounded queue hands to the writer, so parsing and the engine use one core while SQLite uses the other
/// (docs/design.md#performance-notes). Everything the writer sees — rows, their order, and the checkpoints between them — is what
/// it would see called directly: checkpoints are decided here, on the engine's thread, by the same row count,
/// with the state captured at that instant, and executed by the writer at the same point in the stream.
/// Memory stays bounded by the queue (a few batches), whatever the run length. A writer failure surfaces on
/// the engine's thread at the next call.
/// </summary>
public sealed class QueuedRunWriter : ILedgerSink, IDisposable
{
    private const int BatchEvents = 2048;
    private const int QueueBatches = 8;

    private readonly SqliteRunWriter _writer;
    private readonly BlockingCollection<Batch> _full = new(QueueBatches);
    private readonly ConcurrentBag<Batch> _free = [];
    private readonly Thread _thread;
    private Batch _current;
    private int _pending;
    private Exception? _failure;
    private bool _drained;
    private DateTimeOffset? _lastCheckpoint;

    public QueuedRunWriter(SqliteRunWriter writer)
    {
        _writer = writer;
        _current = new Batch();
        _thread = new Thread(Drain) { IsBackground = true, Name = "ledger-writer" };
        _thread.Start();
    }

    public void OnOrder(in OrderUpdate order)
    {
        _current.Add(in order);
        _pending++;
        FlushIfFull();
    }

    public void OnFill(in FillRecord fill)
    {
        _current.Add(in fill);
        _pending++;
        FlushIfFull();
    }

    public void OnMark(in MarkSample mark)
    {
        _current.Add(in mark);
        _pending++;
        FlushIfFull();
    }

    public void OnLot(in LotRecord lot)
    {
        _current.Add(in lot);
        _pending++;
        FlushIfFull();
    }

    public void OnTick(in TickSample sample)
    {
        _current.Add(in sample);
        _pending++;
        FlushIfFull();
    }

    public void OnReward(in RewardSample sample)
    {
        _current.Add(in sample);
        _pending++;
        FlushIfFull();
    }

    /// <summary>As <see cref="SqliteRunWriter.Checkpoint(Portfolio, EngineStats, DateTimeOffset, bool, int)"/>: call between ticks.</summary>
    public bool Checkpoint(Portfolio portfolio, EngineStats stats, DateTimeOffset wallNow, bool force = false, int minPending = 50_000)
    {
        _lastCheckpoint ??= wallNow;
        if (!force && _pending < minPending && wallNow - _lastCheckpoint < SqliteRunWriter.MaxCommitAge)
        {
            return false;
        }

        _current.AddCheckpoint(RunState.Capture(portfolio, stats), wallNow);
        _pending = 0;
        _lastCheckpoint = wallNow;
        Flush();
        return true;
    }

    /// <summary>Waits for every queued row to be written, then writes the final state on this thread.</summary>
    public void Complete(Portfolio portfolio, EngineStats stats, string status, DateTimeOffset endedAt, ReplayResult? result)
    {
        WaitDrained();
        _writer.Complete(portfolio, stats, status, endedAt, result);
    }

    public void Dispose()
    {
        if (!_drained)
        {
            _full.CompleteAdding();
            _thread.Join();
            _drained = true;
        }

        _full.Dispose();
    }

    private void FlushIfFull()
    {
        if (_current.Count >= BatchEvents)
        {
            Flush();
        }
    }

    private void Flush()
    {
        ThrowIfFailed();
        if (_current.Count == 0)
        {
            return;
        }

        _full.Add(_current);
        _current = _free.TryTake(out var b) ? b : new Batch();
    }

    private void WaitDrained()
    {
        if (_drained)
        {
            ThrowIfFailed();
            return;
        }

        Flush();
        _full.CompleteAdding();
        _thread.Join();
        _drained = true;
        ThrowIfFailed();
    }

    private void ThrowIfFailed()
    {
        if (Volatile.Read(ref _failure) is { } e)
        {
            throw new LedgerException($"ledger writer failed: {e.Message}", e);
        }
    }

    private void Drain()
    {
        try
        {
            foreach (var batch in _full.GetConsumingEnumerable())
            {
                batch.ReplayInto(_writer);
                batch.Clear();
                _free.Add(batch);
            }
        }
#pragma warning disable CA1031 // The writer thread must not die silently: its exception is rethrown on the engine's thread.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Volatile.Write(ref _failure, e);

            // Keep consuming so the engine's thread never blocks on a full queue; it throws at its next call.
            foreach (var _ in _full.GetConsumingEnumerable())
            {
            }
        }
    }

    /// <summary>Events in arrival order: a kind per event, and the payloads in one array per kind.</summary>
    private sealed class Batch
    {
        private readonly byte[] _kinds = new byte[BatchEvents + 1];
        private readonly OrderUpdate[] _orders = new OrderUpdate[BatchEvents];
        private readonly FillRecord[] _fills = new FillRecord[BatchEvents];
        private readonly LotRecord[] _lots = new LotRecord[BatchEvents];
        private readonly MarkSample[] _marks = new MarkSample[BatchEvents];
        private readonly TickSample[] _ticks = new TickSample[BatchEvents];
        private readonly RewardSample[] _rewards = new RewardSample[BatchEvents];

        // Where each order of this batch sits in _orders: a later update of the same order replaces that entry.
        private readonly Dictionary<long, int> _orderAt = new(BatchEvents);
        private int _orderCount;
        private int _fillCount;
        private int _lotCount;
        private int _markCount;
        private int _tickCount;
        private int _rewardCount;
        private RunState? _checkpoint;
        private DateTimeOffset _checkpointAt;

        public int Count { get; private set; }

        /// <summary>
        /// Adds an order's state, or replaces the state this batch already holds for it: the row is rewritten whole on
        /// every change (INSERT OR REPLACE by seq), and no commit falls inside a batch (a checkpoint ends it), so
        /// writing only the last state gives the same committed rows (docs/design.md#performance-notes).
        /// </summary>
        public void Add(in OrderUpdate order)
        {
            if (_orderAt.TryGetValue(order.Seq, out var at))
            {
                _orders[at] = order;
                return;
            }

            _orderAt.Add(order.Seq, _orderCount);
            _kinds[Count++] = 0;
            _orders[_orderCount++] = order;
        }

        public void Add(in FillRecord fill)
        {
            _kinds[Count++] = 4;
            _fills[_fillCount++] = fill;
        }

        public void Add(in MarkSample mark)
        {
            _kinds[Count++] = 5;
            _marks[_markCount++] = mark;
        }

        public void Add(in LotRecord lot)
        {
            _kinds[Count++] = 1;
            _lots[_lotCount++] = lot;
        }

        public void Add(in TickSample tick)
        {
            _kinds[Count++] = 2;
            _ticks[_tickCount++] = tick;
        }

        public void Add(in RewardSample reward)
        {
            _kinds[Count++] = 6;
            _rewards[_rewardCount++] = reward;
        }

        /// <summary>A checkpoint always ends its batch (the caller flushes right after).</summary>
        public void AddCheckpoint(RunState state, DateTimeOffset at)
        {
            _kinds[Count++] = 3;
            _checkpoint = state;
            _checkpointAt = at;
        }

        public void ReplayInto(SqliteRunWriter writer)
        {
            int o = 0, f = 0, l = 0, m = 0, t = 0, r = 0;
            for (var i = 0; i < Count; i++)
            {
                switch (_kinds[i])
                {
                    case 0:
                        writer.OnOrder(in _orders[o++]);
                        break;
                    case 1:
                        writer.OnLot(in _lots[l++]);
                        break;
                    case 2:
                        writer.OnTick(in _ticks[t++]);
                        break;
                    case 4:
                        writer.OnFill(in _fills[f++]);
                        break;
                    case 5:
                        writer.OnMark(in _marks[m++]);
                        break;
                    case 6:
                        writer.OnReward(in _rewards[r++]);
                        break;
                    default:
                        writer.Checkpoint(_checkpoint!, _checkpointAt);
                        break;
                }
            }
        }

        public void Clear()
        {
            Array.Clear(_orders, 0, _orderCount);
            Array.Clear(_fills, 0, _fillCount);
            Array.Clear(_lots, 0, _lotCount);
            _orderAt.Clear();
            _orderCount = _fillCount = _lotCount = _markCount = _tickCount = _rewardCount = Count = 0;
            _checkpoint = null;
        }
    }
}
