using System.CommandLine;
using PolyMM.Cli.Running;
using PolyMM.Data.Polymarket;

namespace PolyMM.Cli.Commands;

/// <summary>
/// <c>mm connectivity</c> (docs/design.md#online-data): resolve the Gamma host, list the open markets, read one CLOB book. Prints
/// <c>DNS OK: N addresses</c>, <c>Markets: N</c>, <c>Book: OK</c> and <c>CONNECTIVITY_OK</c> (exit 0), or one line on
/// stderr naming the failing step and its host (exit 2).
/// </summary>
internal static class ConnectivityCommand
{
    public static Command Create(CliContext cli)
    {
        var gamma = new Option<string>("--gamma-url") { Description = "Gamma API base URL [default: $MM_GAMMA_URL or https://gamma-api.polymarket.com]" };
        var clob = new Option<string>("--clob-url") { Description = "CLOB API base URL [default: $MM_CLOB_URL or https://clob.polymarket.com]" };
        var command = new Command("connectivity", "Check DNS, the Gamma market list and a CLOB book") { gamma, clob };
        var limitOptions = new OnlineLimitOptions();
        limitOptions.AddTo(command, withScan: false);
        command.SetAction(result =>
        {
            var limits = limitOptions.Read(result);
            var options = OnlineStartup.Options(result.GetValue(gamma), result.GetValue(clob), limits);
            using var signals = new StopSignals();
            using var client = PolymarketClient.Create(options, cli.Clock);
            // The whole check shares the start-up deadline; past it, one line names the host being waited for.
            using var deadline = new CancellationTokenSource(limits.StartupTimeout, cli.Clock);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(signals.Token, deadline.Token);
            var waitingFor = new WaitingFor(options.GammaBaseUrl.Authority, "the market list");
            try
            {
                return CheckAsync(cli, client, waitingFor, linked.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
            {
                cli.Err.WriteLine("Interrupted");
                return signals.ExitCode;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                cli.Err.WriteLine(OnlineStartup.DeadlineLine("connectivity check", limits, waitingFor.Host, waitingFor.What));
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    private static async Task<int> CheckAsync(CliContext cli, PolymarketClient client, WaitingFor waitingFor, CancellationToken cancellation)
    {
        var gammaUrl = client.Options.GammaBaseUrl;
        var dns = await PolymarketClient.ResolveHostAsync(gammaUrl, cancellation).ConfigureAwait(false);
        if (!dns.IsSuccess)
        {
            cli.Err.WriteLine($"error: dns: cannot resolve host {gammaUrl.Host}");
            return ExitCodes.Usage;
        }

        cli.Out.WriteLine($"DNS OK: {dns.Value} addresses ({gammaUrl.Host})");

        // Only a count and one market with a book are needed, so discovery keeps a single market.
        var markets = await OnlineMarkets.DiscoverAsync(client, cli.Clock, cancellation, new DiscoveryKeep(1, m => m.YesTokenId is not null)).ConfigureAwait(false);
        if (!markets.IsSuccess)
        {
            cli.Err.WriteLine(OnlineStartup.StartupFailure("market list", markets.Error, client.Options));
            return ExitCodes.Usage;
        }

        cli.Out.WriteLine($"Markets: {client.DiscoveredCount}");

        if (markets.Value.FirstOrDefault(m => m.YesTokenId is not null) is { } sample)
        {
            waitingFor.Host = client.Options.ClobBaseUrl.Authority;
            waitingFor.What = "a CLOB book";
            var book = await client.GetBookAsync(sample.YesTokenId!, cancellation).ConfigureAwait(false);
            // 404 is the CLOB's "no orderbook for this token": the host answered, which is what is being checked.
            if (!book.IsSuccess && book.Error.Kind != FetchErrorKinds.Http404)
            {
                cli.Err.WriteLine(OnlineStartup.StartupFailure("CLOB book", book.Error, client.Options));
                return ExitCodes.Usage;
            }

            cli.Out.WriteLine($"Book: OK ({client.Options.ClobBaseUrl.Authority}, market {sample.Id})");
        }

        cli.Out.WriteLine("CONNECTIVITY_OK");
        return ExitCodes.Ok;
    }

    /// <summary>What the check is waiting on, for the deadline's line.</summary>
    private sealed class WaitingFor(string host, string what)
    {
        public string Host { get; set; } = host;

        public string What { get; set; } = what;
    }
}
