using PolyMM.Data.Polymarket;

namespace PolyMM.Cli.Running;

/// <summary>
/// <c>mm run --data-mode online</c>: live Polymarket data (or the local venue), simulated fills, the same engine,
/// ledger and trust gates as offline (<see cref="RunPipeline.Execute"/>) with <see cref="OnlineLoop"/> driving it.
/// </summary>
internal static class OnlineRun
{
    public static int Run(CliContext cli, RunSettings s, RunPipeline pipeline, StopSignals signals)
    {
        var runId = s.RunId ?? RunIds.New(cli.Clock.GetUtcNow());
        var options = OnlineStartup.Options(s.GammaUrl, s.ClobUrl);
        var whitelist = Whitelist.Load(s.Whitelist);
        using var client = PolymarketClient.Create(options, cli.Clock);
        var (selected, exitCode) = OnlineStartup.DiscoverAndSelect(cli, client, whitelist, s.Markets, _ => true, signals);
        if (selected is null)
        {
            return exitCode;
        }

        var interval = TimeSpan.FromTicks((long)(s.PollIntervalSec * TimeSpan.TicksPerSecond));
        var loop = new OnlineLoop(client, selected, interval, RunPipeline.MaxRuntime(s), cli.Clock, cli.Err);
        return pipeline.Execute(
            s,
            runId,
            options.GammaBaseUrl.AbsoluteUri,
            [.. selected.Select(m => m.ToMarketInfo())],
            () => signals.ExitCode,
            (engine, afterTick) => loop.RunAsync(engine, afterTick, signals.Token).GetAwaiter().GetResult(),
            stats =>
            {
                // The client's counter is the run's: discovery, selection and every tick, by kind.
                foreach (var (kind, n) in client.Errors.Snapshot())
                {
                    stats.FetchErrors[kind] = n;
                }
            }).ExitCode;
    }
}
