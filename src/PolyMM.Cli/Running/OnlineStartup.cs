using PolyMM.Data.Polymarket;

namespace PolyMM.Cli.Running;

/// <summary>
/// What <c>mm run --data-mode online</c> and <c>mm record</c> share before their loops: the client options, and
/// discovery plus selection with start-up failures turned into one line on stderr and exit code 2 (SPEC §12).
/// </summary>
internal static class OnlineStartup
{
    /// <summary>Flag, else MM_GAMMA_URL / MM_CLOB_URL, else the public endpoints.</summary>
    public static PolymarketOptions Options(string? gammaUrl, string? clobUrl)
    {
        try
        {
            var options = PolymarketOptions.FromSources(gammaUrl, clobUrl, Environment.GetEnvironmentVariable);
            options.Validate();
            return options;
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException)
        {
            throw new SettingsException($"--gamma-url/--clob-url (or MM_GAMMA_URL/MM_CLOB_URL) must be absolute http(s) URLs ({e.Message})");
        }
    }

    /// <summary>The selected markets, or null with the exit code when start-up failed (its line already written).</summary>
    public static (IReadOnlyList<GammaMarket>? Markets, int ExitCode) DiscoverAndSelect(
        CliContext cli, PolymarketClient client, IReadOnlyList<string> whitelist, int count,
        Func<GammaMarket, bool> usable, StopSignals signals)
    {
        try
        {
            var discovered = OnlineMarkets.DiscoverAsync(client, cli.Clock, signals.Token).GetAwaiter().GetResult();
            if (!discovered.IsSuccess)
            {
                cli.Err.WriteLine(StartupFailure("market discovery", discovered.Error));
                return (null, ExitCodes.Usage);
            }

            var markets = discovered.Value.Where(usable).ToList();
            cli.Err.WriteLine($"Discovered {discovered.Value.Count} open markets at {client.Options.GammaBaseUrl.Authority}");
            var lastReport = cli.Clock.GetTimestamp();
            var selection = OnlineMarkets.SelectAsync(client, markets, whitelist, count, cli.Clock, (scanned, total) =>
            {
                if (cli.Clock.GetElapsedTime(lastReport) >= TimeSpan.FromSeconds(5))
                {
                    lastReport = cli.Clock.GetTimestamp();
                    cli.Err.WriteLine($"Scanning for Tier-A markets: {scanned}/{total} checked");
                }
            }, signals.Token).GetAwaiter().GetResult();
            if (selection.Error is { } error)
            {
                cli.Err.WriteLine($"error: {Selection.Explain(error, online: true)}");
                return (null, ExitCodes.Usage);
            }

            return (selection.Markets, ExitCodes.Ok);
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            cli.Err.WriteLine("Interrupted during start-up; nothing was recorded");
            return (null, signals.ExitCode);
        }
    }

    /// <summary>One line naming the step and the host (dns / connection_refused), or saying the API may have moved.</summary>
    public static string StartupFailure(string step, FetchError error) => error.Kind switch
    {
        FetchErrorKinds.Dns => $"error: {step}: cannot resolve host {error.Host}",
        FetchErrorKinds.ConnectionRefused => $"error: {step}: connection refused by {error.Host}",
        FetchErrorKinds.ApiMoved => $"error: {step}: {error.Message} (check --gamma-url / MM_GAMMA_URL)",
        _ => $"error: {step} failed at {error.Host ?? "the venue"}: {error.Kind}: {error.Message}",
    };
}
