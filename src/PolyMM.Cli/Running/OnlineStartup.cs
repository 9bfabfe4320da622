using PolyMM.Data.Polymarket;

namespace PolyMM.Cli.Running;

/// <summary>
/// What <c>mm run --data-mode online</c> and <c>mm record</c> share before their loops: the client options, and
/// discovery plus selection with start-up failures turned into one line on stderr and exit code 2 (docs/design.md#online-data).
/// </summary>
internal static class OnlineStartup
{
    /// <summary>Flag, else MM_GAMMA_URL / MM_CLOB_URL, else the public endpoints; bounded by <paramref name="limits"/>.</summary>
    /// <param name="gammaUrl">--gamma-url.</param>
    /// <param name="clobUrl">--clob-url.</param>
    /// <param name="limits">Size and Retry-After bounds.</param>
    /// <param name="keepMarketJson">
    /// Keep each market's JSON from discovery (only writers of markets.json need it; reward terms and fee schedules are
    /// parsed either way, <see cref="GammaMarket.Economics"/>).
    /// </param>
    public static PolymarketOptions Options(string? gammaUrl, string? clobUrl, OnlineLimits limits, bool keepMarketJson = false)
    {
        ArgumentNullException.ThrowIfNull(limits);
        try
        {
            var options = limits.Apply(PolymarketOptions.FromSources(gammaUrl, clobUrl, Environment.GetEnvironmentVariable)) with { KeepMarketJson = keepMarketJson };
            options.Validate();
            return options;
        }
        catch (Exception e) when (e is UriFormatException or ArgumentException)
        {
            throw new SettingsException($"--gamma-url/--clob-url (or MM_GAMMA_URL/MM_CLOB_URL) must be absolute http(s) URLs ({e.Message})");
        }
    }

    /// <summary>
    /// One stderr line per selected market whose Gamma object states reward terms or a fee schedule the rules refuse
    /// (docs/design.md#rewards, docs/design.md#fees); such a market runs without them.
    /// </summary>
    public static void WarnUnusableTerms(CliContext cli, IReadOnlyList<GammaMarket> selected)
    {
        foreach (var m in selected)
        {
            foreach (var warning in m.Economics.Warnings(m.ConditionId ?? m.Id))
            {
                cli.Err.WriteLine(warning);
            }
        }
    }

    /// <summary>The selected markets, or null with the exit code when start-up failed (its line already written).</summary>
    /// <remarks>
    /// Discovery and selection share one deadline (<see cref="OnlineLimits.StartupTimeout"/>): past it, one line names
    /// the host and what start-up was waiting for, and the exit code is 2.
    /// </remarks>
    public static (IReadOnlyList<GammaMarket>? Markets, int ExitCode) DiscoverAndSelect(
        CliContext cli, PolymarketClient client, IReadOnlyList<string> whitelist, int count,
        Func<GammaMarket, bool> usable, StopSignals signals, OnlineLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        using var deadline = new CancellationTokenSource(limits.StartupTimeout, cli.Clock);
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(signals.Token, deadline.Token);
        var waitingFor = (Host: client.Options.GammaBaseUrl.Authority, What: "the market list");
        try
        {
            // Automatic selection never looks past the --scan-limit smallest ids, so discovery keeps only those.
            var keep = whitelist.Count == 0 ? OnlineMarkets.CandidatesFor(limits.ScanLimit, usable) : null;
            var discovered = OnlineMarkets.DiscoverAsync(client, cli.Clock, startup.Token, keep).GetAwaiter().GetResult();
            if (!discovered.IsSuccess)
            {
                cli.Err.WriteLine(StartupFailure("market discovery", discovered.Error, client.Options));
                return (null, ExitCodes.Usage);
            }

            var markets = discovered.Value.Where(usable).ToList();
            cli.Err.WriteLine($"Discovered {client.DiscoveredCount} open markets at {client.Options.GammaBaseUrl.Authority}");
            var lastReport = cli.Clock.GetTimestamp();
            waitingFor = (client.Options.ClobBaseUrl.Authority, "order books for the Tier-A scan");
            var selection = OnlineMarkets.SelectAsync(client, markets, whitelist, count, cli.Clock, (scanned, total) =>
            {
                if (cli.Clock.GetElapsedTime(lastReport) >= TimeSpan.FromSeconds(5))
                {
                    lastReport = cli.Clock.GetTimestamp();
                    cli.Err.WriteLine($"Scanning for Tier-A markets: {scanned}/{total} checked");
                }
            }, startup.Token, limits.ScanLimit).GetAwaiter().GetResult();
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
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            cli.Err.WriteLine(DeadlineLine("start-up", limits, waitingFor.Host, waitingFor.What));
            return (null, ExitCodes.Usage);
        }
    }

    /// <summary>The one line for a start-up that ran out of time, naming the host and what it was waiting for.</summary>
    public static string DeadlineLine(string step, OnlineLimits limits, string host, string what) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"error: {step} did not finish within {limits.StartupTimeoutSec} s: still waiting for {host} ({what}); see --startup-timeout-sec");

    /// <summary>One line naming the step and the host (dns / connection_refused), or saying the API may have moved.</summary>
    public static string StartupFailure(string step, FetchError error, PolymarketOptions options) => error.Kind switch
    {
        _ when OnlineMarkets.IsLongRateLimit(error, options) => $"error: {step}: {OnlineMarkets.RateLimitedMessage(error)}",
        FetchErrorKinds.Dns => $"error: {step}: cannot resolve host {error.Host}",
        FetchErrorKinds.ConnectionRefused => $"error: {step}: connection refused by {error.Host}",
        FetchErrorKinds.ApiMoved => $"error: {step}: {error.Message} (check --gamma-url / MM_GAMMA_URL)",
        _ => $"error: {step} failed at {error.Host ?? "the venue"}: {error.Kind}: {error.Message}",
    };
}
