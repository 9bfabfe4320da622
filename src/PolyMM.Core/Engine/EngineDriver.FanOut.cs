using System.Runtime.ExceptionServices;
using PolyMM.Core.Market;

namespace PolyMM.Core.Engine;

/// <summary>
/// The one loop spread over threads for several engines on an offline feed (docs/design.md#parallel-fan-out). The calling
/// thread reads the feed and decides what the loop decides today — event order, tick boundaries, runtime limit,
/// cancellation, the stop reason — and writes it into batches of events and tick closes; every engine then runs each
/// batch, in order, on whichever thread takes it. Each engine therefore sees exactly the events and tick closes the
/// one-thread loop shows it, whatever the scheduling.
/// </summary>
public static partial class EngineDriver
{
    /// <summary>
    /// Runs a feed that never waits (offline) to the end, driving several engines on up to
    /// <see cref="FanOutOptions.Threads"/> threads (docs/design.md#parallel-fan-out): the results equal
    /// <see cref="Run(IMarketDataFeed, IReadOnlyList{MarketMakingEngine}, DriverOptions, CancellationToken)"/>'s. With one
    /// thread or one engine it is that loop. An exception of the feed or of an engine ends the run and is rethrown here,
    /// once every thread has stopped.
    /// </summary>
    public static IReadOnlyList<ReplayResult> Run(IMarketDataFeed feed, IReadOnlyList<MarketMakingEngine> engines, DriverOptions options,
        FanOutOptions fanOut, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(fanOut);
        ArgumentOutOfRangeException.ThrowIfLessThan(fanOut.Threads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fanOut.BatchEvents, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fanOut.Batches, 1);
        if (fanOut.Threads == 1 || engines.Count < 2)
        {
            return Run(feed, engines, options, cancellation);
        }

        var lanes = new Lane[engines.Count];
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = new Lane(engines[i] ?? throw new ArgumentException("an engine is null", nameof(engines)));
        }

        return new FanOutRun(feed, lanes, options, fanOut).Run(cancellation);
    }

    /// <summary>
    /// Events in feed order and the tick closes between them: close <c>c</c> ends the open tick at
    /// <see cref="CloseTs"/>[c] after the batch's first <see cref="CloseAt"/>[c] events.
    /// </summary>
    private sealed class Batch(int capacity)
    {
        public MarketEvent[] Events { get; } = new MarketEvent[capacity];

        public int Count { get; set; }

        // At most one close between two events, and one after the last.
        public int[] CloseAt { get; } = new int[capacity + 1];

        public DateTimeOffset[] CloseTs { get; } = new DateTimeOffset[capacity + 1];

        public int CloseCount { get; set; }

        /// <summary>The feed's skip counts once the batch was full (what a lane stopped by its fill limit in it reports).</summary>
        public KeyValuePair<string, long>[] Skipped { get; set; } = [];

        /// <summary>What the feed threw after the batch's events (the last batch only): a lane still running gets it.</summary>
        public Exception? Fault { get; set; }

        public void Close(DateTimeOffset ts)
        {
            CloseAt[CloseCount] = Count;
            CloseTs[CloseCount++] = ts;
        }

        public void Reset()
        {
            Count = 0;
            CloseCount = 0;
            Skipped = [];
            Fault = null;
        }
    }

    /// <summary>
    /// One threaded run. Batch <c>n</c> lives in ring slot <c>n mod Batches</c>; the reader fills slot <c>n</c> only once
    /// every running lane is past batch <c>n − Batches</c>, so at most that many batches are in flight and their buffers are
    /// reused. Lanes are scheduled under one lock: any thread runs any lane that is not busy over its next published
    /// batch (its own lanes first, then the lane furthest behind), so a lane runs its batches in order, one thread at a
    /// time, and the lock hands its state from one thread to the next. The reader takes lanes too while the ring is full
    /// (the lane furthest behind, which holds the slot it waits for), and after the feed ends until every lane is done.
    /// </summary>
    private sealed class FanOutRun
    {
        private readonly IMarketDataFeed _feed;
        private readonly Lane[] _lanes;
        private readonly DriverOptions _options;
        private readonly Batch[] _ring;
        private readonly int _threads;
        private readonly object _gate = new();

        // Under _gate (_running and _failed are also read without it, to stop the reader early).
        private long _published;
        private bool _ended;
        private int _running;
        private volatile bool _failed;
        private Exception? _engineFault;
        private bool _feedFaultReached;

        // The reader's (the calling thread's) own.
        private DateTimeOffset? _start;
        private StopReason _reason = StopReason.DataExhausted;

        public FanOutRun(IMarketDataFeed feed, Lane[] lanes, DriverOptions options, FanOutOptions fanOut)
        {
            _feed = feed;
            _lanes = lanes;
            _options = options;
            _ring = new Batch[fanOut.Batches];
            for (var i = 0; i < _ring.Length; i++)
            {
                _ring[i] = new Batch(fanOut.BatchEvents);
            }

            _threads = Math.Min(fanOut.Threads, lanes.Length);
            _running = lanes.Length;
        }

        public ReplayResult[] Run(CancellationToken cancellation)
        {
            var helpers = new Thread[_threads - 1];
            for (var i = 0; i < helpers.Length; i++)
            {
                var own = i + 1;
                helpers[i] = new Thread(() => Work(own)) { IsBackground = true, Name = "engine-fan-out" };
                helpers[i].Start();
            }

            Exception? feedFault = null;
            try
            {
                feedFault = Read(cancellation);
            }
            catch (Exception e)
            {
                // Not the feed's (those come back from Read): a fault of the driver itself still ends every thread.
                Fail(e);
            }
            finally
            {
                lock (_gate)
                {
                    _ended = true;
                    Monitor.PulseAll(_gate);
                }
            }

            Work(0);
            foreach (var helper in helpers)
            {
                helper.Join();
            }

            if (_engineFault is { } fault)
            {
                ExceptionDispatchInfo.Throw(fault);
            }

            if (_feedFaultReached && feedFault is not null)
            {
                ExceptionDispatchInfo.Throw(feedFault);
            }

            var results = new ReplayResult[_lanes.Length];
            for (var i = 0; i < _lanes.Length; i++)
            {
                var lane = _lanes[i];
                if (lane.Stopped)
                {
                    Finish(lane, lane.SkippedAtStop, _start, _options);
                }
                else
                {
                    lane.Reason = _reason;
                    Finish(lane, _feed.Skipped, _start, _options);
                }

                results[i] = new ReplayResult(lane.Reason, _start, lane.End, lane.Ticks);
            }

            return results;
        }

        /// <summary>
        /// The one-thread loop of <see cref="RunAsync(IMarketDataFeed, IReadOnlyList{MarketMakingEngine}, DriverOptions, CancellationToken, Action{long})"/>
        /// with "hand the event to every lane" replaced by "append it to the batch"; returns what the feed threw, if it did.
        /// </summary>
        private Exception? Read(CancellationToken cancellation)
        {
            var batch = NextSlot();
            if (batch is null)
            {
                return null;
            }

            Exception? fault = null;
            DateTimeOffset? tickTs = null;
            while (Volatile.Read(ref _running) > 0 && !_failed)
            {
                if (cancellation.IsCancellationRequested)
                {
                    _reason = StopReason.Cancelled;
                    break;
                }

                if (batch.Count == batch.Events.Length)
                {
                    Publish(batch);
                    batch = NextSlot();
                    if (batch is null)
                    {
                        return null;
                    }
                }

                bool read;
                try
                {
                    read = _feed.TryRead(out batch.Events[batch.Count]);
                }
                catch (Exception e)
                {
                    fault = e;
                    break;
                }

                if (!read)
                {
                    if (tickTs is { } done)
                    {
                        batch.Close(done);
                        tickTs = null;
                        if (cancellation.IsCancellationRequested)
                        {
                            _reason = StopReason.Cancelled;
                            break;
                        }
                    }

                    bool more;
                    try
                    {
                        var pending = _feed.WaitAsync(cancellation);
                        more = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
                    }
                    catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                    {
                        _reason = StopReason.Cancelled;
                        break;
                    }
                    catch (Exception e)
                    {
                        fault = e;
                        break;
                    }

                    if (!more)
                    {
                        _reason = _options.EndReason?.Invoke() ?? StopReason.DataExhausted;
                        break;
                    }

                    continue;
                }

                var ts = batch.Events[batch.Count].TsEvent;
                _start ??= ts;
                if (!_options.TickPerBatch && tickTs is { } open && ts > open)
                {
                    batch.Close(open);
                    tickTs = null;
                    if (cancellation.IsCancellationRequested)
                    {
                        _reason = StopReason.Cancelled;
                        break;
                    }
                }

                if (_options.MaxRuntime is { } limit && ts - _start.Value > limit)
                {
                    _reason = StopReason.MaxRuntime;
                    break;
                }

                tickTs = tickTs is { } openTick && openTick > ts ? openTick : ts;
                batch.Count++;
            }

            if (tickTs is { } final)
            {
                batch.Close(final);
            }

            batch.Fault = fault;
            Publish(batch);
            return fault;
        }

        /// <summary>The slot of the next batch, once it is free (running lanes meanwhile); null when the run is over.</summary>
        private Batch? NextSlot()
        {
            while (true)
            {
                Lane? lane;
                lock (_gate)
                {
                    if (_failed || _running == 0)
                    {
                        return null;
                    }

                    if (_published - _ring.Length < OldestNeeded())
                    {
                        var batch = _ring[_published % _ring.Length];
                        batch.Reset();
                        return batch;
                    }

                    lane = Take();
                    if (lane is null)
                    {
                        Monitor.Wait(_gate);
                        continue;
                    }
                }

                RunLane(lane);
            }
        }

        private void Publish(Batch batch)
        {
            var skipped = _feed.Skipped;
            if (skipped.Count > 0)
            {
                batch.Skipped = [.. skipped];
            }

            lock (_gate)
            {
                _published++;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Runs lanes over published batches until the feed has ended and every lane has run them all (or stopped).</summary>
        private void Work(int own)
        {
            while (true)
            {
                Lane? lane;
                lock (_gate)
                {
                    if (_failed)
                    {
                        return;
                    }

                    lane = Take(own);
                    if (lane is null)
                    {
                        if (_ended && AllCaughtUp())
                        {
                            return;
                        }

                        Monitor.Wait(_gate);
                        continue;
                    }
                }

                RunLane(lane);
            }
        }

        /// <summary>Under the lock: the lowest batch number some lane still needs (a busy lane's included).</summary>
        private long OldestNeeded()
        {
            var oldest = long.MaxValue;
            foreach (var lane in _lanes)
            {
                if (!lane.Done && lane.Next < oldest)
                {
                    oldest = lane.Next;
                }
            }

            return oldest;
        }

        /// <summary>
        /// Under the lock: marks and returns an idle lane that has a published batch to run, the one furthest behind; with
        /// <paramref name="own"/>, among that thread's own lanes first (every <c>threads</c>-th), so an engine mostly stays on
        /// one core and its state in that core's cache.
        /// </summary>
        private Lane? Take(int own = -1)
        {
            Lane? best = null;
            for (var pass = own < 0 ? 1 : 0; pass < 2 && best is null; pass++)
            {
                for (var i = 0; i < _lanes.Length; i++)
                {
                    var lane = _lanes[i];
                    if ((pass == 1 || i % _threads == own) && !lane.Busy && !lane.Done && lane.Next < _published && (best is null || lane.Next < best.Next))
                    {
                        best = lane;
                    }
                }
            }

            if (best is not null)
            {
                best.Busy = true;
            }

            return best;
        }

        private bool AllCaughtUp()
        {
            foreach (var lane in _lanes)
            {
                if (lane.Busy || (!lane.Done && lane.Next < _published))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Runs one lane (taken under the lock) over its next batch, then hands it back.</summary>
        private void RunLane(Lane lane)
        {
            // The lane's next batch stays in its slot until the lane is past it: the reader cannot reuse it meanwhile.
            var batch = _ring[lane.Next % _ring.Length];
            Exception? fault = null;
            try
            {
                RunBatch(lane, batch);
            }
            catch (Exception e)
            {
                fault = e;
            }

            lock (_gate)
            {
                lane.Busy = false;
                lane.Next++;
                if (fault is not null)
                {
                    _engineFault ??= fault;
                    _failed = true;
                }
                else if (lane.Stopped)
                {
                    lane.Done = true;
                    _running--;
                }
                else if (batch.Fault is not null)
                {
                    // A lane still running where the feed threw: the run fails as the one-thread loop does.
                    _feedFaultReached = true;
                    _failed = true;
                }

                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>What the one-thread loop does to one lane, over one batch.</summary>
        private static void RunBatch(Lane lane, Batch batch)
        {
            var c = 0;
            var events = batch.Events;
            for (var i = 0; i < batch.Count; i++)
            {
                while (c < batch.CloseCount && batch.CloseAt[c] == i)
                {
                    CloseTick(lane, batch.CloseTs[c++]);
                }

                ref readonly var e = ref events[i];
                var ts = e.TsEvent;
                var tick = lane.OpenTick is { } open && open > ts ? open : ts;
                lane.OpenTick = tick;
                lane.Engine.OnEvent(e);
                lane.End = lane.End is { } last && last > ts ? last : ts;
                if (lane.Engine.FillLimitReached)
                {
                    // The fill limit ends this engine's run at this event, inside its open tick.
                    lane.Stopped = true;
                    lane.Reason = StopReason.MaxFills;
                    lane.Engine.EndTick(tick);
                    lane.Ticks++;
                    lane.SkippedAtStop = batch.Skipped;
                    return;
                }
            }

            while (c < batch.CloseCount)
            {
                CloseTick(lane, batch.CloseTs[c++]);
            }
        }

        private static void CloseTick(Lane lane, DateTimeOffset ts)
        {
            lane.Engine.EndTick(ts);
            lane.Ticks++;
            lane.OpenTick = null;
        }

        private void Fail(Exception e)
        {
            lock (_gate)
            {
                _engineFault ??= e;
                _failed = true;
                Monitor.PulseAll(_gate);
            }
        }
    }
}

/// <summary>How <see cref="EngineDriver"/> spreads several engines over threads (docs/design.md#parallel-fan-out).</summary>
public sealed record FanOutOptions
{
    /// <summary>Threads running engines, the calling thread (which also reads the feed) included; 1 is the one-thread loop.</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Events per batch.</summary>
    public int BatchEvents { get; init; } = 256;

    /// <summary>Batches in flight (filled and not yet run by every engine), their buffers reused.</summary>
    public int Batches { get; init; } = 8;
}
