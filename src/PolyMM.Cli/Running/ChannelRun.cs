using System.Globalization;
using System.Threading.Channels;
using PolyMM.Cli.Commands;
using PolyMM.Core.Engine;
using PolyMM.Core.Instruments;
using PolyMM.Core.Market;
using PolyMM.Data.Polymarket;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.Cli.Running;

/// <summary>
/// Runs on the market channel (docs/design.md#engine-loop, docs/design.md#websocket-recording): offline on a recording
/// directory or on PMXT archive hours, online (<c>--data-mode online --feed ws</c>) on the live channel with the
/// simulated gateway, optionally recording what it traded on. A recording and a live stream both go through
/// <see cref="WsFrameFeed"/> with one tick per frame, so replaying an online run's recording with the same parameters
/// and run id writes the same ledger rows.
/// </summary>
internal static class ChannelRun
{
    private const int BooksPerRequest = 100;
    private const int ProblemLines = 10;

    /// <summary>True when <c>--fixture-dir</c> holds market-channel data rather than a polling fixture.</summary>
    public static bool IsChannelData(RunSettings s, string fixtureDir) =>
        s.FixtureFormat == "pmxt" || RecordingFormat.Detect(Dir(s, fixtureDir)) == RecordingKind.MarketChannel;

    private static string Dir(RunSettings s, string fixtureDir) =>
        s.FixtureProfile is "default" or "" ? fixtureDir : Path.Combine(fixtureDir, s.FixtureProfile);

    /// <summary>
    /// The run's markets out of a recording's markets.json: the whitelist's (in file order) or every market, then the
    /// first <c>--markets</c> of them, re-indexed in that order (docs/design.md#websocket-recording).
    /// </summary>
    public static IReadOnlyList<WsMarketEntry> Select(IReadOnlyList<WsMarketEntry> all, IReadOnlyList<string> whitelist, int count, string source)
    {
        var pool = whitelist.Count > 0 ? all.Where(e => whitelist.Contains(e.Instrument.ConditionId, StringComparer.OrdinalIgnoreCase)).ToList() : [.. all];
        if (pool.Count == 0)
        {
            throw new SettingsException(whitelist.Count > 0
                ? $"--whitelist: none of its {whitelist.Count} markets is in {source}"
                : $"{source}: lists no market");
        }

        return [.. pool.Take(count).Select((e, i) => e with { Instrument = e.Instrument with { Index = i } })];
    }

    private static List<MarketInfo> Infos(IReadOnlyList<WsMarketEntry> entries) =>
        [.. entries.Select(e => new MarketInfo(e.Instrument.ConditionId, e.Title, IsBinary: true))];

    /// <summary>Offline: a market-channel recording (one tick per frame) or PMXT hours (one tick per event time).</summary>
    public static (int ExitCode, string? RunId) Replay(RunPipeline pipeline, TextWriter stderr, RunSettings s, string runId, string fixtureDir,
        Func<int> interruptedExitCode, CancellationToken cancellation)
    {
        var dir = Dir(s, fixtureDir);
        if (!Directory.Exists(dir))
        {
            throw new SettingsException($"--fixture-dir: {dir} is not a directory");
        }

        // PMXT hours carry no market list: the directory's markets.json (the recorder's format) names the run's markets.
        var entries = Select(WsMarketsFile.ReadEntries(dir), Whitelist.Load(s.Whitelist), s.Markets, Path.Combine(dir, WsMarketsFile.FileName));
        var instruments = entries.Select(e => e.Instrument).ToList();
        var markets = Infos(entries);
        if (s.FixtureFormat == "pmxt")
        {
            var files = Directory.GetFiles(dir, "*.parquet");
            if (files.Length == 0)
            {
                throw new SettingsException($"--fixture-dir: {dir} holds no .parquet file (--fixture-format pmxt)");
            }

            var archive = new PmxtArchiveReader(files, instruments);
            var pmxt = pipeline.Execute(s, runId, dir, markets, instruments, interruptedExitCode, (engine, afterTick) =>
                EngineDriver.Run(archive, engine, new DriverOptions { MaxRuntime = RunPipeline.MaxRuntime(s) }, cancellation, TestPause.Wrap(afterTick, cancellation)));
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PMXT archive: files={files.Length} rows={archive.Rows}{Counts(archive.Skipped)}"));
            return pmxt;
        }

        var feed = WsFrameFeed.FromRecording(dir, instruments, out var recording);
        var result = pipeline.Execute(s, runId, dir, markets, instruments, interruptedExitCode, (engine, afterTick) =>
            EngineDriver.Run(feed, engine, new DriverOptions { MaxRuntime = RunPipeline.MaxRuntime(s), TickPerBatch = true }, cancellation, TestPause.Wrap(afterTick, cancellation)));
        ReportRecording(stderr, feed, recording);
        return result;
    }

    private static void ReportRecording(TextWriter stderr, WsFrameFeed feed, WsRecordingFiles files)
    {
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Recording replay: frames={feed.Frames} events={feed.Parser.EventsProduced} problems={files.Counts.Values.Sum()}{BookCounters(feed.Parser)}{Counts(feed.Skipped)}"));
        foreach (var p in files.Problems.Take(ProblemLines))
        {
            stderr.WriteLine("recording problem: " + p);
        }

        if (files.Problems.Count > ProblemLines)
        {
            stderr.WriteLine($"recording problem: … and {files.Problems.Count - ProblemLines} more");
        }
    }

    /// <summary>The rebuilt books' gap counters (docs/design.md#websocket-market-channel), summed over the tokens.</summary>
    private static string BookCounters(MarketChannelParser parser) => string.Create(CultureInfo.InvariantCulture,
        $" bbo_mismatches={parser.Books.Values.Sum(b => b.BboMismatches)} book_resyncs={parser.Books.Values.Sum(b => b.Resyncs)} crossed={parser.Books.Values.Sum(b => b.Crossed)}");

    private static string Counts(IReadOnlyDictionary<string, long> counts) =>
        string.Concat(counts.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $" {k.Key}={k.Value}"));

    /// <summary><c>mm run --data-mode online --feed ws</c>.</summary>
    public static int RunOnline(CliContext cli, RunSettings s, RunPipeline pipeline, StopSignals signals)
    {
        var runId = s.RunId ?? RunIds.New(cli.Clock.GetUtcNow());
        var channelOptions = RecordCommand.ChannelOptions(s.WsUrl ?? Environment.GetEnvironmentVariable("MM_WS_URL"), s.WsInactivitySec, s.Limits.MaxResponseMb);
        var options = OnlineStartup.Options(s.GammaUrl, s.ClobUrl, s.Limits, keepMarketJson: true);
        var whitelist = Whitelist.Load(s.Whitelist);
        using var client = PolymarketClient.Create(options, cli.Clock);
        var (selected, exitCode) = OnlineStartup.DiscoverAndSelect(cli, client, whitelist, s.Markets, m => m.ClobTokenIds.Count == 2, signals, s.Limits);
        if (selected is null)
        {
            return exitCode;
        }

        // The instruments a replay of the recording will read back from its markets.json, built the same way.
        var entries = WsMarketsFile.Entries(selected);
        var instruments = entries.Select(e => e.Instrument).ToList();
        OnlineStartup.WarnUnusableTerms(cli, selected);
        WsRecorder? recorder = null;
        if (s.Record is { } recordDir)
        {
            try
            {
                WsMarketsFile.Write(recordDir, selected);
            }
            catch (IOException e)
            {
                throw new SettingsException($"--record: {e.Message}");
            }

            recorder = new WsRecorder(recordDir, cli.Clock);
        }

        using (recorder)
        {
            var live = new LiveChannel(client, channelOptions, instruments, cli.Clock, recorder);
            var result = pipeline.Execute(s, runId, channelOptions.Url.AbsoluteUri, Infos(entries), instruments, () => signals.ExitCode,
                (engine, afterTick) => live.Run(engine, afterTick, RunPipeline.MaxRuntime(s), s.MaxFrames, signals.Token),
                stats =>
                {
                    foreach (var (kind, n) in client.Errors.Snapshot())
                    {
                        stats.FetchErrors[kind] = n;
                    }

                    live.Count(stats.FetchErrors);
                });
            recorder?.Flush();
            cli.Err.WriteLine(live.Summary(recorder));
            return result.ExitCode;
        }
    }

    /// <summary>The live market channel feeding one run: socket frames and REST resyncs merged into one receive-ordered queue.</summary>
    private sealed class LiveChannel
    {
        private readonly PolymarketClient _rest;
        private readonly TimeProvider _clock;
        private readonly WsRecorder? _recorder;
        private readonly FrameQueue _queue = new();
        private readonly MarketChannelClient _client;
        private readonly WsFrameFeed _feed;
        private readonly IReadOnlyList<string> _tokens;
        private long _lastUs;
        private long _maxFrames = long.MaxValue;
        private long _taken;
        private long _restSnapshots;
        private long _restFailures;
        private StopReason? _endReason;
        private CancellationToken _wallLimit;
        private CancellationToken _session;
        private Task _overflowResync = Task.CompletedTask;

        public LiveChannel(PolymarketClient rest, MarketChannelOptions options, IReadOnlyList<InstrumentSpec> instruments, TimeProvider clock, WsRecorder? recorder)
        {
            _rest = rest;
            _clock = clock;
            _recorder = recorder;
            _tokens = [.. instruments.SelectMany(i => new[] { i.YesTokenId, i.NoTokenId }).Where(t => t.Length > 0)];
            _client = new MarketChannelClient(options, _tokens, clock,
                (conn, received, frame) => _queue.TryWrite(new WsEnvelope(WsEnvelope.ToMicros(received), conn, frame)),
                (_, assets, ct) => SnapshotAsync(assets, ct));
            _feed = new WsFrameFeed(instruments, NextAsync, Recorded);
        }

        /// <summary>Trades until the feed ends: <paramref name="maxRuntime"/> of wall time, <paramref name="maxFrames"/> frames taken (0 = no limit), or <paramref name="stop"/>.</summary>
        public ReplayResult Run(MarketMakingEngine engine, Action<long> afterTick, TimeSpan? maxRuntime, long maxFrames, CancellationToken stop)
        {
            _maxFrames = maxFrames > 0 ? maxFrames : long.MaxValue;
            using var wall = maxRuntime is { } limit ? new CancellationTokenSource(limit, _clock) : new CancellationTokenSource();
            using var session = CancellationTokenSource.CreateLinkedTokenSource(stop, wall.Token);
            _wallLimit = wall.Token;
            _session = session.Token;
            Task running = Task.CompletedTask;
            try
            {
                // The REST books of every token first (as the recorder takes them), then the channel.
                SnapshotAsync(_tokens, session.Token).GetAwaiter().GetResult();
                running = _client.RunAsync(session.Token);
                var driver = new DriverOptions
                {
                    MaxRuntime = maxRuntime,
                    TickPerBatch = true,
                    EndReason = () => _endReason ?? StopReason.DataExhausted,
                    FallbackEnd = _clock.GetUtcNow,
                };
                return EngineDriver.RunAsync(_feed, engine, driver, stop, TestPause.Wrap(afterTick, stop)).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (wall.IsCancellationRequested && !stop.IsCancellationRequested)
            {
                // The runtime ended during the start-up snapshot: nothing was traded.
                _endReason = StopReason.MaxRuntime;
                return EngineDriver.RunAsync(_feed, engine, new DriverOptions { EndReason = () => StopReason.MaxRuntime, FallbackEnd = _clock.GetUtcNow }, stop)
                    .AsTask().GetAwaiter().GetResult();
            }
            finally
            {
                session.Cancel();
                _queue.Complete();
                running.GetAwaiter().GetResult();
                _overflowResync.GetAwaiter().GetResult();
            }
        }

        private async ValueTask<WsEnvelope?> NextAsync(CancellationToken cancellation)
        {
            if (_taken >= _maxFrames)
            {
                // --max-frames: the run ends on a count of frames, not on how fast they came (docs/design.md#websocket-recording).
                _endReason = StopReason.MaxFrames;
                return null;
            }

            WsEnvelope env;
            try
            {
                using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _wallLimit);
                env = await _queue.ReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                _endReason = StopReason.MaxRuntime;
                return null;
            }
            catch (ChannelClosedException)
            {
                return null;
            }

            // Frames were dropped while the engine lagged: once the queue has room, fresh REST books of every token
            // replace what the dropped frames left stale (docs/design.md#websocket-market-channel).
            if (_overflowResync.IsCompleted && _queue.TakeResync())
            {
                _overflowResync = ResyncAfterOverflowAsync();
            }

            // Frames of several connections and REST answers meet here: receive time is kept non-decreasing in the
            // order the engine sees them, which is the order they are recorded in.
            _lastUs = Math.Max(_lastUs, env.RecvTsUs);
            _taken++;
            return env with { RecvTsUs = _lastUs };
        }

        private async Task ResyncAfterOverflowAsync()
        {
            try
            {
                await SnapshotAsync(_tokens, _session).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The run ended first.
            }
        }

        private void Recorded(WsEnvelope env) => _recorder?.Append(env.Received, env.Conn, env.Frame, env.Kind);

        private async Task SnapshotAsync(IReadOnlyList<string> tokens, CancellationToken ct)
        {
            foreach (var chunk in tokens.Chunk(BooksPerRequest))
            {
                var answer = await _rest.GetBooksRawAsync(chunk, ct).ConfigureAwait(false);
                if (answer.IsSuccess)
                {
                    _queue.TryWrite(new WsEnvelope(WsEnvelope.ToMicros(_clock.GetUtcNow()), 0, answer.Value, WsEnvelope.RestBookKind));
                    Interlocked.Increment(ref _restSnapshots);
                }
                else
                {
                    Interlocked.Increment(ref _restFailures);
                }
            }
        }

        /// <summary>The channel's fault counters into the run's error counts (only those that happened).</summary>
        public void Count(SortedDictionary<string, long> errors)
        {
            var st = _client.Stats;
            foreach (var (kind, n) in (ReadOnlySpan<(string, long)>)[
                ("ws_connect_failure", st.ConnectFailures), ("ws_disconnect", st.Disconnects), ("ws_watchdog", st.WatchdogTrips),
                ("ws_too_large", st.TooLarge), ("ws_rest_failure", Interlocked.Read(ref _restFailures)), ("ws_queue_overflow", _queue.Dropped)])
            {
                if (n > 0)
                {
                    errors[kind] = n;
                }
            }
        }

        public string Summary(WsRecorder? recorder)
        {
            var st = _client.Stats;
            return string.Create(CultureInfo.InvariantCulture,
                $"Market channel: frames={_feed.Frames} events={_feed.Parser.EventsProduced} connects={st.Connects} reconnects={st.Reconnects} disconnects={st.Disconnects} watchdog={st.WatchdogTrips} resyncs={st.Resyncs} rest_snapshots={Interlocked.Read(ref _restSnapshots)} rest_failures={Interlocked.Read(ref _restFailures)} queue_dropped={_queue.Dropped}{BookCounters(_feed.Parser)}{Counts(_feed.Skipped)}")
                + (recorder is null ? string.Empty : $"{Environment.NewLine}Recorded: lines={recorder.Lines} dir={recorder.Directory}");
        }
    }
}
