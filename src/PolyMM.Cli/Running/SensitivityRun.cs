using PolyMM.Core.Economics;
using PolyMM.Core.Engine;
using PolyMM.Core.Instruments;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Core.Selection;
using PolyMM.Data.Fixtures;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.Cli.Running;

/// <summary>One model's outcome in a sensitivity run (docs/design.md#fill-sensitivity).</summary>
internal sealed record ModelOutcome(
    string Model,
    long Orders,
    long Fills,
    int FilledOrders,
    decimal FilledShares,
    decimal FeesUsd,
    decimal RebatesUsd,
    decimal RewardsUsd,
    decimal NetPnlUsd,
    decimal NetWithoutRewardsUsd,
    double MaxDrawdownPct,
    decimal? SpreadCapturePerShare,
    IReadOnlyList<decimal?> MarkoutPerShare,
    string StopReason)
{
    /// <summary>Orders with at least one fill over orders sent; 0 without orders.</summary>
    public double FillRate => Orders > 0 ? (double)FilledOrders / Orders : 0d;
}

/// <summary>What one sensitivity run found, ready to write.</summary>
internal sealed record SensitivityResult(
    string RunTag,
    string DataSource,
    string DataKind,
    IReadOnlyList<string> MarketIds,
    IReadOnlyList<ModelOutcome> Models,
    IReadOnlyList<KeyValuePair<string, string>> Params)
{
    public decimal MinNetPnlUsd => Models.Min(m => m.NetPnlUsd);

    public decimal MaxNetPnlUsd => Models.Max(m => m.NetPnlUsd);

    /// <summary>Some model makes money and another loses it on the same data.</summary>
    public bool SignDependsOnModel => Models.Any(m => m.NetPnlUsd > 0m) && Models.Any(m => m.NetPnlUsd < 0m);

    /// <summary>The models that make money; meaningful when <see cref="SignDependsOnModel"/>.</summary>
    public IEnumerable<string> Profitable => Models.Where(m => m.NetPnlUsd > 0m).Select(m => m.Model);

    public IEnumerable<string> Losing => Models.Where(m => m.NetPnlUsd < 0m).Select(m => m.Model);
}

/// <summary>
/// <c>mm sensitivity</c> (docs/design.md#fill-sensitivity): the run's data read once, every market event fanned out by
/// <see cref="EngineDriver"/> to one engine per fill model — each with its own matching model, simulated gateway,
/// portfolio and in-memory <see cref="SummarySink"/> — then each engine's fills, P&amp;L, markouts and drawdown side by side.
/// The engines run on every core (docs/design.md#parallel-fan-out); the results do not depend on how many.
/// </summary>
internal static class SensitivityRun
{
    /// <summary>One thread per core: the reader's thread runs engines too.</summary>
    public static FanOutOptions DefaultFanOut => new() { Threads = Environment.ProcessorCount };

    public static SensitivityResult Run(RunSettings s, IReadOnlyList<FillModelSpec> specs, DateTimeOffset now, CancellationToken cancellation,
        FanOutOptions? fanOut = null)
    {
        fanOut ??= DefaultFanOut;
        var runId = s.RunId ?? RunIds.New(now);
        if (!RunIds.TryParseTime(runId, out var t0))
        {
            throw new SettingsException($"--run-id must look like mm-yyyyMMddTHHmmss-xxxxxx (got '{runId}')");
        }

        var fixtureDir = Paths.Resolve(s.FixtureDir);
        var interval = TimeSpan.FromTicks((long)(s.PollIntervalSec * TimeSpan.TicksPerSecond));
        var driver = new DriverOptions { MaxRuntime = RunPipeline.MaxRuntime(s) };
        if (ChannelRun.IsChannelData(s, fixtureDir))
        {
            var dir = s.FixtureProfile is "default" or "" ? fixtureDir : Path.Combine(fixtureDir, s.FixtureProfile);
            if (!Directory.Exists(dir))
            {
                throw new SettingsException($"--fixture-dir: {dir} is not a directory");
            }

            var entries = ChannelRun.Select(WsMarketsFile.ReadEntries(dir), Whitelist.Load(s.Whitelist), s.Markets, Path.Combine(dir, WsMarketsFile.FileName));
            var instruments = entries.Select(e => e.Instrument).ToList();
            var ids = entries.Select(e => e.Instrument.ConditionId).ToList();
            if (s.FixtureFormat == "pmxt")
            {
                var files = Directory.GetFiles(dir, "*.parquet");
                if (files.Length == 0)
                {
                    throw new SettingsException($"--fixture-dir: {dir} holds no .parquet file (--fixture-format pmxt)");
                }

                var archive = new PmxtArchiveReader(files, instruments);
                return Fan(s, specs, archive, driver, instruments, dir, "l2", ids, fanOut, cancellation);
            }

            var feed = WsFrameFeed.FromRecording(dir, instruments, out _);
            return Fan(s, specs, feed, driver with { TickPerBatch = true }, instruments, dir, "l2", ids, fanOut, cancellation);
        }

        var fixture = Fixture.Load(fixtureDir, s.FixtureProfile);
        var selection = MarketSelector.Select(
            fixture.Markets, m => m.Info, m => FixtureSnapshotSource.First(m, t0, interval), Whitelist.Load(s.Whitelist), s.Markets);
        if (selection.Error is { } error)
        {
            throw new SettingsException(Selection.Explain(error, online: false));
        }

        if (specs.Any(p => p.IsQueue)
            && selection.Markets.All(m => FixtureSnapshotSource.First(m, t0, interval) is not { } first || (first.DepthBid1 is null && first.DepthAsk1 is null)))
        {
            throw new SettingsException(
                $"--models {string.Join(',', specs.Where(p => p.IsQueue).Select(p => p.Label))} needs displayed depth: the fixture's rows have no depth_bid_1 or depth_ask_1");
        }

        var markets = selection.Markets.Select(m => m.Info).ToList();
        var fixtureInstruments = markets.Select((m, i) => new InstrumentSpec(i, m.Id, m.Id, string.Empty, s.TickSize, 0m)).ToList();
        using var source = new FixtureSnapshotSource(selection.Markets, t0, interval);
        return Fan(s, specs, new SnapshotFeed(source), driver, fixtureInstruments, fixture.Directory, "l1", [.. markets.Select(m => m.Id)], fanOut, cancellation);
    }

    private static SensitivityResult Fan(RunSettings s, IReadOnlyList<FillModelSpec> specs, IMarketDataFeed feed, DriverOptions driver,
        List<InstrumentSpec> instruments, string dataSource, string kind, IReadOnlyList<string> marketIds, FanOutOptions fanOut, CancellationToken cancellation)
    {
        var drawn = RecordedLatency.Load(s);
        var sinks = new List<SummarySink>(specs.Count);
        var engines = new List<MarketMakingEngine>(specs.Count);
        foreach (var spec in specs)
        {
            var settings = spec.Apply(s);
            var sink = new SummarySink(instruments.Count);
            sinks.Add(sink);
            engines.Add(new MarketMakingEngine(
                settings.EngineOptions(drawn?.WithOwnDraws(settings.Seed)),
                settings.Bankroll, instruments, RunPipeline.FillModel(settings), sink));
        }

        var results = EngineDriver.Run(feed, engines, driver, fanOut, cancellation);
        // Each model's markouts and totals from its own engine and sink alone: computed side by side as well.
        var outcomes = new ModelOutcome[specs.Count];
        try
        {
            Parallel.For(0, specs.Count, new ParallelOptions { MaxDegreeOfParallelism = fanOut.Threads }, i =>
                outcomes[i] = Outcome(specs[i].Label, engines[i], sinks[i], results[i], s.Bankroll, instruments.Count));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            // What a one-thread loop would have thrown, so the command's one-line error is the same.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }

        List<KeyValuePair<string, string>> parameters =
        [
            new("fixture_dir", dataSource),
            new("data", kind),
            new("markets", string.Join(',', marketIds)),
            new("k_ticks", Inv(s.KTicks)),
            new("quote_size_usd", Inv(s.QuoteSizeUsd)),
            new("fee_bps", Inv(s.FeeBps)),
            new("latency_ms", Inv(s.LatencyMs)),
            new("cancel_latency_ms", Inv(s.CancelLatencyMs ?? s.LatencyMs)),
            .. (drawn is null ? [] : new KeyValuePair<string, string>[]
            {
                new("latency", "recorded"), new("latency_samples", Inv(drawn.Count)),
                new("latency_p50_ms", Inv((decimal)drawn.Quantile(0.5).TotalMilliseconds)), new("latency_p95_ms", Inv((decimal)drawn.Quantile(0.95).TotalMilliseconds)),
            }),
            new("seed", Inv(s.Seed)),
            new("max_runtime_min", s.MaxRuntimeMin is { } rt ? Inv(rt) : "none"),
            new("max_fills", Inv(s.MaxFills)),
        ];
        return new SensitivityResult(s.RunTag, dataSource, kind, marketIds, outcomes, parameters);
    }

    private static ModelOutcome Outcome(string label, MarketMakingEngine engine, SummarySink sink, ReplayResult result, decimal bankroll, int marketCount)
    {
        var markouts = new List<FillMarkouts>();
        for (var m = 0; m < marketCount; m++)
        {
            markouts.AddRange(Markouts.Compute(sink.FillsOf(m), sink.MarksOf(m), Markouts.DefaultHorizons, sink.LastTs));
        }

        decimal spreadUsd = 0m, spreadShares = 0m;
        foreach (var m in markouts)
        {
            if (m.SpreadCapture is { } c)
            {
                spreadUsd += c * m.Fill.Shares;
                spreadShares += m.Fill.Shares;
            }
        }

        var p = engine.Portfolio;
        // Net = gross − fees + rebates + rewards; the portfolio's total value already has the fees taken from cash.
        var withoutRewards = p.TotalValue - bankroll + sink.RebatesUsd;
        return new ModelOutcome(
            label,
            engine.Stats.Orders,
            engine.Stats.Fills,
            sink.FilledOrders,
            sink.FilledShares,
            p.Fees,
            sink.RebatesUsd,
            sink.RewardsUsd,
            withoutRewards + sink.RewardsUsd,
            withoutRewards,
            sink.MaxDrawdownFraction,
            spreadShares > 0m ? spreadUsd / spreadShares : null,
            [.. Enumerable.Range(0, Markouts.DefaultHorizons.Count).Select(h => Markouts.MeanPerShare(markouts, h))],
            PolyMM.Ledger.Sqlite.SqliteRunWriter.StopReasonName(result.Reason));
    }

    private static string Inv(IFormattable v) => v.ToString(null, System.Globalization.CultureInfo.InvariantCulture);
}
