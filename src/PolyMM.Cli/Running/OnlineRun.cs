using PolyMM.Core.Engine;
using PolyMM.Core.Instruments;
using PolyMM.Data.Polymarket;
using PolyMM.Reports.Analysis;

namespace PolyMM.Cli.Running;

/// <summary>
/// <c>mm run --data-mode online</c>: live Polymarket data (or the local venue), simulated fills, the same engine,
/// ledger and trust gates as offline (<see cref="RunPipeline.Execute"/>) with <see cref="OnlinePollFeed"/> feeding the same <see cref="EngineDriver"/>.
/// </summary>
internal static class OnlineRun
{
    public static int Run(CliContext cli, RunSettings s, RunPipeline pipeline, StopSignals signals, ProgressOutput progress)
    {
        var runId = s.RunId ?? RunIds.New(cli.Clock.GetUtcNow());
        var options = OnlineStartup.Options(s.GammaUrl, s.ClobUrl, s.Limits);
        var whitelist = Whitelist.Load(s.Whitelist);
        using var client = PolymarketClient.Create(options, cli.Clock);
        var (selected, exitCode) = OnlineStartup.DiscoverAndSelect(cli, client, whitelist, s.Markets, _ => true, signals, s.Limits);
        if (selected is null)
        {
            return exitCode;
        }

        var interval = TimeSpan.FromTicks((long)(s.PollIntervalSec * TimeSpan.TicksPerSecond));
        var feed = new OnlinePollFeed(client, selected, interval, RunPipeline.MaxRuntime(s), s.MaxPolls, cli.Clock, cli.Err);

        // The YES token id from Gamma when it has one; the client reads no tick size yet, so --tick-size. The minimum order
        // size (Gamma's orderMinSize, 0 when absent: no minimum; docs/design.md#quoting), reward terms and fee schedule as
        // the parser read them from the Gamma object at discovery (GammaMarket.Economics: the same terms a recording of
        // these markets would hold; docs/design.md#online-data), since a polled run keeps no raw market text.
        var instruments = selected.Select((m, i) => new InstrumentSpec(
            i, m.ConditionId ?? m.Id, m.YesTokenId ?? m.Id, m.ClobTokenIds.Count == 2 ? m.ClobTokenIds[1 - m.YesIndex] : string.Empty, s.TickSize,
            m.MinOrderSize, m.Economics.Rewards, m.Economics.Fees)).ToList();
        OnlineStartup.WarnUnusableTerms(cli, selected);

        var result = pipeline.Execute(
            s,
            runId,
            options.GammaBaseUrl.AbsoluteUri,
            [.. selected.Select(m => m.ToMarketInfo())],
            instruments,
            () => signals.ExitCode,
            (engine, afterTick) =>
            {
                // Percent of --max-runtime-min in wall time when given; the heartbeat line carries ticks, fills, equity, errors.
                var limit = RunPipeline.MaxRuntime(s);
                var started = cli.Clock.GetTimestamp();
                using var shown = ProgressReporter.Start(progress, cli.Clock, "run (online)", limit?.TotalSeconds, "s", heartbeat: true, rateUnit: "ticks");
                var driver = new DriverOptions
                {
                    MaxRuntime = limit,
                    TickPerBatch = true,
                    EndReason = () => feed.EndReason ?? StopReason.DataExhausted,
                    FallbackEnd = cli.Clock.GetUtcNow,
                };
                return EngineDriver.RunAsync(feed, engine, driver, signals.Token, TestPause.Wrap(ticks =>
                {
                    afterTick(ticks);
                    shown.Update(cli.Clock.GetElapsedTime(started).TotalSeconds,
                        $"{RunPipeline.Detail(engine, ticks, feed.EventTime)} fetch_errors={client.Errors.Total}", items: ticks);
                }, signals.Token)).AsTask().GetAwaiter().GetResult();
            },
            stats =>
            {
                // The client's counter is the run's: discovery, selection and every tick, by kind.
                foreach (var (kind, n) in client.Errors.Snapshot())
                {
                    stats.FetchErrors[kind] = n;
                }
            });
        // On stderr: the last stdout line stays "Run complete: …" for scripts.
        cli.Err.WriteLine(TickLatencyLine(feed.FetchMilliseconds));
        return result.ExitCode;
    }

    /// <summary>One parsable line of the per-tick fetch latency: count, p50, p95 and max in milliseconds.</summary>
    private static string TickLatencyLine(IReadOnlyList<double> ms)
    {
        if (ms.Count == 0)
        {
            return "Tick fetch latency: ticks=0";
        }

        // The same quantile definition as the reports (numpy's linear), so the figures compare.
        var sorted = ms.Order().ToArray();
        return string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Tick fetch latency: ticks={sorted.Length} p50_ms={Quantiles.Linear(sorted, 0.5):0.0} p95_ms={Quantiles.Linear(sorted, 0.95):0.0} max_ms={sorted[^1]:0.0}");
    }
}
