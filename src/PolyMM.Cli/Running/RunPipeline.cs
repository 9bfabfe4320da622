using System.Globalization;
using System.Reflection;
using PolyMM.Core.Economics;
using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Instruments;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Core.Random;
using PolyMM.Core.Selection;
using PolyMM.Data.Fixtures;
using PolyMM.Data.Polymarket;
using PolyMM.Ledger.Sqlite;
using PolyMM.Reports.Trust;

namespace PolyMM.Cli.Running;

/// <summary>
/// Composition of one run: select markets, open the ledger, pre-run gate, replay through the engine into
/// SQLite, post-run gate, and the closing <c>Run complete:</c> line. Offline only needs the fixture;
/// the same engine and ledger serve online runs.
/// </summary>
internal sealed class RunPipeline(TextWriter stdout, TextWriter stderr, TimeProvider clock, ProgressOutput? progress = null)
{
    public static string ToolVersion { get; } =
        typeof(RunPipeline).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>
    /// Runs offline on the fixture; returns the exit code and the run id (null when no run was created).
    /// <paramref name="interruptedExitCode"/> is read after the loop stops, so it reflects the signal that stopped it.
    /// </summary>
    public (int ExitCode, string? RunId) RunOffline(RunSettings s, CancellationToken cancellation, Func<int>? interruptedExitCode = null)
    {
        var runId = s.RunId ?? RunIds.New(clock.GetUtcNow());
        if (!RunIds.TryParseTime(runId, out var t0))
        {
            throw new SettingsException($"--run-id must look like mm-yyyyMMddTHHmmss-xxxxxx (got '{runId}')");
        }

        var interval = TimeSpan.FromTicks((long)(s.PollIntervalSec * TimeSpan.TicksPerSecond));
        var fixtureDir = Paths.Resolve(s.FixtureDir);
        if (ChannelRun.IsChannelData(s, fixtureDir))
        {
            // A market-channel recording or PMXT archive hours (docs/design.md#websocket-recording).
            return ChannelRun.Replay(this, stderr, s, runId, fixtureDir, interruptedExitCode ?? (() => ExitCodes.Sigint), cancellation);
        }

        var fixture = Fixture.Load(fixtureDir, s.FixtureProfile);
        var whitelist = Whitelist.Load(s.Whitelist);
        var selection = MarketSelector.Select(
            fixture.Markets, m => m.Info, m => FixtureSnapshotSource.First(m, t0, interval), whitelist, s.Markets);
        if (selection.Error is { } error)
        {
            throw new SettingsException(Selection.Explain(error, online: false));
        }

        var markets = selection.Markets.Select(m => m.Info).ToList();
        if (s.FillModel == QueueFillModel.ModelName
            && selection.Markets.All(m => FixtureSnapshotSource.First(m, t0, interval) is not { } first || (first.DepthBid1 is null && first.DepthAsk1 is null)))
        {
            throw new SettingsException("--fill-model queue needs displayed depth: the fixture's rows have no depth_bid_1 or depth_ask_1");
        }

        // A fixture market's id stands for its YES token; its tick is --tick-size (docs/design.md#instruments). Reward
        // terms and fee schedule come from its markets.json object when it states them (docs/design.md#rewards).
        var instruments = selection.Markets.Select((m, i) => new InstrumentSpec(i, m.Info.Id, m.Info.Id, string.Empty, s.TickSize, 0m,
            m.Economics?.Rewards, m.Economics?.Fees)).ToList();
        foreach (var m in selection.Markets)
        {
            foreach (var warning in m.Economics?.Warnings(m.Info.Id) ?? [])
            {
                stderr.WriteLine(warning);
            }
        }

        using var source = new FixtureSnapshotSource(selection.Markets, t0, interval);
        var tracked = new TrackedSource(source);
        return Execute(s, runId, fixture.Directory, markets, instruments, interruptedExitCode ?? (() => ExitCodes.Sigint), (engine, afterTick) =>
        {
            // Percent is the share of the fixture's bytes read (or of --max-runtime-min's event time, if further).
            using var shown = ProgressReporter.Start(progress ?? ProgressOutput.None, clock, "run", 100, "%", rateUnit: "ticks");
            var feed = new SnapshotFeed(tracked);
            return EngineDriver.Run(feed, engine, new DriverOptions { MaxRuntime = MaxRuntime(s) }, cancellation, TestPause.Wrap(ticks =>
            {
                afterTick(ticks);
                if ((ticks & 0xFF) == 1)
                {
                    shown.Update(OfflinePercent(source, tracked, s), Detail(engine, ticks, tracked.LastTs), items: ticks);
                }
            }, cancellation));
        });
    }

    /// <summary>The short state of a run for its progress line: ticks, fills, equity and the event time reached.</summary>
    public static string Detail(MarketMakingEngine engine, long ticks, DateTimeOffset? eventTime) => string.Create(CultureInfo.InvariantCulture,
        $"ticks={ticks} fills={engine.Stats.Fills} equity={engine.Portfolio.TotalValue:0.00} event_time={(eventTime is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "-")}");

    private static double OfflinePercent(FixtureSnapshotSource source, TrackedSource tracked, RunSettings s)
    {
        var bytes = source.TotalBytes > 0 ? 100.0 * source.BytesRead / source.TotalBytes : 0;
        var runtime = MaxRuntime(s) is { } limit && tracked.FirstTs is { } first && tracked.LastTs is { } last && limit > TimeSpan.Zero
            ? 100.0 * (last - first) / limit
            : 0;
        return Math.Min(100, Math.Max(bytes, runtime));
    }

    /// <summary>The fixture as the replay reads it, remembering the event time reached (for progress only).</summary>
    private sealed class TrackedSource(ISnapshotSource inner) : ISnapshotSource
    {
        public DateTimeOffset? FirstTs { get; private set; }

        public DateTimeOffset? LastTs { get; private set; }

        public int MarketCount => inner.MarketCount;

        public bool TryRead(int market, out Snapshot snapshot)
        {
            if (!inner.TryRead(market, out snapshot))
            {
                return false;
            }

            FirstTs ??= snapshot.Ts;
            if (LastTs is null || snapshot.Ts > LastTs)
            {
                LastTs = snapshot.Ts;
            }

            return true;
        }
    }

    public static TimeSpan? MaxRuntime(RunSettings s) =>
        s.MaxRuntimeMin is { } m ? TimeSpan.FromTicks((long)(m * 60m * TimeSpan.TicksPerSecond)) : null;

    public static IMatchingModel FillModel(RunSettings s) => s.FillModel switch
    {
        ProbabilisticFillModel.ModelName => new ProbabilisticFillModel(s.FillParams(), new SeededRandom(s.Seed)),
        TouchFillModel.ModelName => new TouchFillModel(s.StrictFillPrice == "ltp"),
        QueueFillModel.ModelName => new QueueFillModel(QueueFunction.TryParse(s.QueueFunction, out var f) ? f : QueueFunction.RiskAverse, topOfBookData: RunParamsJson.QueueFromTopOfBook(s)),
        _ => new TradeThroughFillModel(),
    };

    /// <summary>The part shared by offline and online runs, given a loop that drives the engine.</summary>
    public (int ExitCode, string? RunId) Execute(
        RunSettings s,
        string runId,
        string dataSource,
        IReadOnlyList<MarketInfo> markets,
        IReadOnlyList<InstrumentSpec> instruments,
        Func<int> interruptedExitCode,
        Func<MarketMakingEngine, Action<long>, ReplayResult> loop,
        Action<EngineStats>? beforeCheckpoint = null)
    {
        var drawn = RecordedLatency.Load(s);
        using var store = LedgerStore.Open(s.Db);
        WarnUnusableTerms(instruments);
        var fees = new FillFees(instruments, s.FeeBps, useSchedules: !s.FeeBpsGiven);
        var paramsJson = RunParamsJson.Write(s, runId, dataSource, markets, ToolVersion, fees.Mode, drawn);
        var runKey = store.CreateRun(new RunStart(runId, s.RunTag, s.DataMode, paramsJson, clock.GetUtcNow(), ToolVersion, s.Bankroll, markets));
        try
        {
            return ExecuteCreated(store, runKey, s, runId, markets, instruments, interruptedExitCode, loop, beforeCheckpoint, drawn);
        }
        catch
        {
            // Whatever stopped the run once its row exists, the row says so: never an orphan `running` row from a
            // refused or failed start (docs/design.md#storage). The writer has been disposed by now.
            store.MarkFailedIfRunning(runId);
            throw;
        }
    }

    private (int ExitCode, string? RunId) ExecuteCreated(
        LedgerStore store,
        long runKey,
        RunSettings s,
        string runId,
        IReadOnlyList<MarketInfo> markets,
        IReadOnlyList<InstrumentSpec> instruments,
        Func<int> interruptedExitCode,
        Func<MarketMakingEngine, Action<long>, ReplayResult> loop,
        Action<EngineStats>? beforeCheckpoint,
        Core.Execution.LatencyDistribution? drawn)
    {
        stdout.WriteLine($"Run started: run_id={runId} run_tag={s.RunTag} mode={s.DataMode} markets={markets.Count} ({string.Join(", ", markets.Select(m => m.Id))})");
        Selection.ReportShortfall(stderr, markets.Count, s.Markets);

        var pre = TrustGateRunner.Run(new LedgerReader(store), runId, TrustGateRunner.PreRun, s.MaxExposureUsd, s.MaxPerMarketExposureUsd, s.ReportsDir, clock.GetUtcNow());
        if (!pre.Passed)
        {
            return GateFailed(store, runId, pre);
        }

        // SQLite runs on its own thread behind a bounded queue; rows, order and commits are as if called directly.
        using var direct = new SqliteRunWriter(store, runKey, runId, s.RunTag, markets);
        using var writer = new QueuedRunWriter(direct);
        var model = FillModel(s);
        var engine = new MarketMakingEngine(
            s.EngineOptions(drawn),
            s.Bankroll, instruments, model, writer);

        ReplayResult result;
        try
        {
            result = loop(engine, ticks =>
            {
                beforeCheckpoint?.Invoke(engine.Stats);
                writer.Checkpoint(engine.Portfolio, engine.Stats, clock.GetUtcNow());
                if (s.LogEvery > 0 && ticks % s.LogEvery == 0)
                {
                    LogTick(engine, markets, ticks);
                }
            });
        }
        catch (Exception e) when (e is FixtureFormatException or IOException)
        {
            // Keep everything up to the bad input: the run is recorded as failed, not lost.
            engine.Finish(clock.GetUtcNow(), "run_failed");
            beforeCheckpoint?.Invoke(engine.Stats);
            writer.Complete(engine.Portfolio, engine.Stats, RunStatus.Failed, clock.GetUtcNow(), result: null);
            throw;
        }

        beforeCheckpoint?.Invoke(engine.Stats);
        if (model is QueueFillModel { TopOfBookRows: > 0 } queue)
        {
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Queue model ({queue.Function.Name}): queue estimated from L1 (depth_bid_1/depth_ask_1 at the touch, last-trade changes as trades) on {queue.TopOfBookRows} rows"));
        }

        if (engine.Stats.SkippedEvents.Count > 0)
        {
            stderr.WriteLine("Skipped events: " + string.Join(' ', engine.Stats.SkippedEvents.Select(k => $"{k.Key}={k.Value}")));
        }

        var interrupted = result.Reason == StopReason.Cancelled;
        // A run is marked complete only once its post-run gate has passed: killed in between, it stays
        // "running" and `mm runs finalize` closes it, so "complete" always means checked.
        writer.Complete(engine.Portfolio, engine.Stats, interrupted ? RunStatus.Interrupted : RunStatus.Running, clock.GetUtcNow(), result);

        // Order events the engine refused (unknown order, over-fill, repeated fill id) fail the run and go into its bundle:
        // never a silent fix.
        var post = TrustGateRunner.Run(new LedgerReader(store), runId, TrustGateRunner.PostRun, s.MaxExposureUsd, s.MaxPerMarketExposureUsd, s.ReportsDir,
            clock.GetUtcNow(), engine.Stats.Integrity);
        if (!post.Passed)
        {
            return GateFailed(store, runId, post);
        }

        if (!interrupted)
        {
            store.SetStatus(runId, RunStatus.Complete);
        }

        var p = engine.Portfolio;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Summary: snapshots={engine.Stats.Snapshots} ticks={result.Ticks} orders={engine.Stats.Orders} fills={engine.Stats.Fills} cash={p.Cash:0.######} total_value={p.TotalValue:0.######} realized={p.Realized:0.######} unrealized={p.Unrealized:0.######} fees={p.Fees:0.######} stop={SqliteRunWriter.StopReasonName(result.Reason)}"));
        stdout.WriteLine("Trust gates: pre_run PASS, post_run PASS");
        stdout.WriteLine($"Run complete: run_id={runId} run_tag={s.RunTag} fills={engine.Stats.Fills}");
        return (interrupted ? interruptedExitCode() : ExitCodes.Ok, runId);
    }

    // Terms an instrument carries that the Core rules refuse (a recording's markets.json can hold any numbers): one line
    // each, and that market gets no estimate / the flat fee (docs/design.md#rewards, docs/design.md#fees).
    private void WarnUnusableTerms(IReadOnlyList<InstrumentSpec> instruments)
    {
        foreach (var i in instruments)
        {
            // The same lines as terms refused when they were parsed (MarketEconomics.Warnings).
            var refused = new MarketEconomics(null, null,
                i.Rewards is null ? null : RewardScoring.Problem(i.Rewards), i.Fees is null ? null : VenueFees.Problem(i.Fees));
            foreach (var warning in refused.Warnings(i.ConditionId))
            {
                stderr.WriteLine(warning);
            }
        }
    }

    private (int, string?) GateFailed(LedgerStore store, string runId, GateOutcome outcome)
    {
        store.SetStatus(runId, RunStatus.Failed);
        // Engine refusals have no stored rows to bundle: their lines name the orders themselves.
        foreach (var line in outcome.FailureLines().Where(l => outcome.BundlePath is not null || !l.StartsWith("Debug bundle:", StringComparison.Ordinal)))
        {
            stdout.WriteLine(line);
        }

        return (ExitCodes.TrustGate, runId);
    }

    private void LogTick(MarketMakingEngine engine, IReadOnlyList<MarketInfo> markets, long ticks)
    {
        var parts = new List<string>(markets.Count);
        for (var i = 0; i < markets.Count; i++)
        {
            var bid = engine.RestingBid(i);
            var ask = engine.RestingAsk(i);
            parts.Add(string.Create(CultureInfo.InvariantCulture,
                $"{markets[i].Id}:mark={engine.Portfolio.Mark(i)?.ToString(CultureInfo.InvariantCulture) ?? "-"},bid={bid?.Price.ToString(CultureInfo.InvariantCulture) ?? "-"},ask={ask?.Price.ToString(CultureInfo.InvariantCulture) ?? "-"},held={engine.Portfolio.SharesHeld(i)}"));
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tick={ticks} equity={engine.Portfolio.TotalValue:0.######} committed={engine.Committed:0.######} orders={engine.Stats.Orders} fills={engine.Stats.Fills} {string.Join(' ', parts)}"));
    }
}
