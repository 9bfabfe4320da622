using System.CommandLine;
using PolyMM.Cli.Running;
using PolyMM.Data.Fixtures;
using PolyMM.FakeVenue;

namespace PolyMM.Cli.Commands;

/// <summary>
/// <c>mm venue</c>: serves a fixture as a local Polymarket (Gamma + CLOB on one base URL) until SIGINT/SIGTERM.
/// Stopping is the normal end of a server, so it exits 0 after a graceful stop (at most 2 s).
/// </summary>
internal static class VenueCommand
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(2);

    public static Command Create(CliContext cli)
    {
        var fixtureDir = new Option<string>("--fixture-dir") { Description = "fixture to serve (markets.json + snapshots/)", Required = true };
        var port = new Option<int>("--port") { Description = "loopback port; 0 = any free port [default: 0]" };
        var fault429 = new Option<double>("--fault-429") { Description = "share of requests answered 429 with Retry-After: 1 [default: 0]" };
        var fault500 = new Option<double>("--fault-500") { Description = "share of requests answered 500 [default: 0]" };
        var faultGarbage = new Option<double>("--fault-garbage") { Description = "share of requests answered with truncated JSON [default: 0]" };
        var faultOversize = new Option<double>("--fault-oversize") { Description = "share of requests answered with a body past every size limit (64 MiB) [default: 0]" };
        var faultLongRetryAfter = new Option<double>("--fault-retry-after-long") { Description = "share answered 429 with Retry-After far past any cap (999999 s, or an HTTP date a year ahead) [default: 0]" };
        var faultRedirect = new Option<double>("--fault-redirect") { Description = "share answered 302 to another host [default: 0]" };
        var faultReset = new Option<double>("--fault-reset") { Description = "share whose connection is aborted a few bytes into the body [default: 0]" };
        var faultGzipBomb = new Option<double>("--fault-gzip-bomb") { Description = "share answered with ~64 KB of gzip inflating to 64 MiB [default: 0]" };
        var latency = new Option<int>("--latency-ms") { Description = "delay added to every answer, ms [default: 0]" };
        var pageSize = new Option<int>("--page-size") { Description = "largest Gamma page served", DefaultValueFactory = _ => 100 };
        var seed = new Option<int>("--seed") { Description = "seed of the fault draws", DefaultValueFactory = _ => 42 };
        var wsInterval = new Option<double>("--ws-interval-ms") { Description = "market channel: ms between frames per connection", DefaultValueFactory = _ => 100 };
        var wsRate = new Option<double>("--ws-rate-fps") { Description = "market channel: steps per second per connection instead of --ws-interval-ms (a recorded frame per step; 0: off)", DefaultValueFactory = _ => 0 };
        var wsRecording = new Option<string>("--ws-recording") { Description = "market channel: stream this raw recording's frames instead of changes synthesised from the fixture" };
        var wsDisconnect = new Option<double>("--ws-disconnect-every-sec") { Description = "market channel: drop each connection after this many seconds; 0 = never [default: 0]" };
        var wsDrop = new Option<double>("--ws-drop") { Description = "market channel: share of data frames dropped [default: 0]" };
        var wsDuplicate = new Option<double>("--ws-duplicate") { Description = "market channel: share of data frames sent twice [default: 0]" };
        var wsDelay = new Option<double>("--ws-delay") { Description = "market channel: share of data frames held back --ws-delay-ms [default: 0]" };
        var wsDelayMs = new Option<double>("--ws-delay-ms") { Description = "market channel: hold-back of a delayed frame, ms", DefaultValueFactory = _ => 500 };
        var wsMalformed = new Option<double>("--ws-malformed") { Description = "market channel: share of data frames cut to invalid JSON [default: 0]" };
        var wsFreezeAfter = new Option<double>("--ws-freeze-after-sec") { Description = "market channel: once, a connection this old goes silent but still answers PING; negative = never", DefaultValueFactory = _ => -1 };
        var wsFreeze = new Option<double>("--ws-freeze-sec") { Description = "market channel: length of that silent freeze, seconds", DefaultValueFactory = _ => 30 };
        var command = new Command("venue", "Serve a fixture as a local Polymarket API (point --gamma-url/--clob-url at it; market channel at /ws/market)")
        {
            fixtureDir, port, fault429, fault500, faultGarbage, faultOversize, faultLongRetryAfter, faultRedirect, faultReset, faultGzipBomb,
            latency, pageSize, seed,
            wsInterval, wsRate, wsRecording, wsDisconnect, wsDrop, wsDuplicate, wsDelay, wsDelayMs, wsMalformed, wsFreezeAfter, wsFreeze,
        };
        command.SetAction(result =>
        {
            var options = new VenueOptions(
                Paths.Resolve(result.GetValue(fixtureDir)!), result.GetValue(port), result.GetValue(fault429), result.GetValue(fault500),
                result.GetValue(faultGarbage), result.GetValue(latency), result.GetValue(pageSize), result.GetValue(seed))
            {
                FaultOversize = result.GetValue(faultOversize),
                WsIntervalMs = result.GetValue(wsInterval),
                WsRateFps = result.GetValue(wsRate),
                WsRecordingDir = result.GetValue(wsRecording) is { } rec ? Paths.Resolve(rec) : null,
                WsDisconnectEverySec = result.GetValue(wsDisconnect),
                WsDropRate = result.GetValue(wsDrop),
                WsDuplicateRate = result.GetValue(wsDuplicate),
                WsDelayRate = result.GetValue(wsDelay),
                WsDelayMs = result.GetValue(wsDelayMs),
                WsMalformedRate = result.GetValue(wsMalformed),
                WsFreezeAfterSec = result.GetValue(wsFreezeAfter),
                WsFreezeSec = result.GetValue(wsFreeze),
                FaultLongRetryAfter = result.GetValue(faultLongRetryAfter),
                FaultRedirect = result.GetValue(faultRedirect),
                FaultReset = result.GetValue(faultReset),
                FaultGzipBomb = result.GetValue(faultGzipBomb),
            };
            using var signals = new StopSignals();
            return RunAsync(cli, options, signals).GetAwaiter().GetResult();
        });
        return command;
    }

    private static async Task<int> RunAsync(CliContext cli, VenueOptions options, StopSignals signals)
    {
        VenueServer venue;
        try
        {
            options.Validate();
            venue = await VenueServer.StartAsync(options, signals.Token, cli.Clock).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ArgumentException or FixtureFormatException)
        {
            throw new SettingsException($"venue: {e.Message}");
        }
        catch (IOException e)
        {
            throw new SettingsException($"venue: cannot listen on 127.0.0.1:{options.Port}: {e.Message}");
        }

        await using (venue.ConfigureAwait(false))
        {
            cli.Out.WriteLine($"Venue listening: {venue.BaseUrl.AbsoluteUri.TrimEnd('/')}");
            cli.Out.WriteLine($"Serving {venue.MarketCount} markets from {options.FixtureDir}; use --gamma-url/--clob-url {venue.BaseUrl.AbsoluteUri.TrimEnd('/')} (Ctrl-C stops)");
            cli.Out.WriteLine($"Market channel: {venue.MarketChannelUrl} (use --ws-url)");
            cli.Out.Flush();
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, cli.Clock, signals.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            using var grace = new CancellationTokenSource(StopGrace, cli.Clock);
            try
            {
                await venue.StopAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Kestrel aborts whatever is still open once the grace period is over.
            }

            var stats = venue.Stats;
            cli.Out.WriteLine($"Venue stopped: requests={stats.Requests} faults_429={stats.Faults429} faults_500={stats.Faults500} faults_garbage={stats.FaultsGarbage}");
            var ch = venue.ChannelStats;
            cli.Out.WriteLine($"Market channel: connections={ch.Connections} frames={ch.FramesSent} dropped={ch.Dropped} duplicated={ch.Duplicated} delayed={ch.Delayed} malformed={ch.Malformed} disconnects={ch.Disconnects} freezes={ch.Freezes} pongs={ch.Pongs}");
        }

        return ExitCodes.Ok;
    }
}
