using System.CommandLine;
using System.Globalization;
using PolyMM.Cli.Running;
using PolyMM.Data.Polymarket;
using PolyMM.Data.Polymarket.Ws;
using PolyMM.Data.Recording;

namespace PolyMM.Cli.Commands;

/// <summary>
/// <c>mm record</c> (docs/design.md#recording): select markets like a run, then record one snapshot line per market per poll into an
/// offline fixture. Progress goes to stderr (a bar on a terminal, a line every 5 s otherwise; <c>--quiet</c>: none). Exit 0 after <c>--minutes</c>
/// (or sooner: once N polls are done with <c>--max-polls N</c>, once N frames are recorded with <c>--feed ws --max-frames N</c>); SIGINT/SIGTERM stop cleanly (files complete up to the last poll) with 130/143.
/// </summary>
internal static class RecordCommand
{
    public static Command Create(CliContext cli)
    {
        var outDir = new Option<string>("--out") { Description = "directory to write the fixture into (must not hold one yet)", Required = true };
        var markets = new Option<int>("--markets") { Description = "number of markets to record", DefaultValueFactory = _ => 5 };
        var minutes = new Option<decimal>("--minutes") { Description = "how long to record, minutes of wall time (fractions allowed)", Required = true };
        var whitelist = new Option<string>("--whitelist") { Description = "JSON array of condition ids replacing automatic selection" };
        var poll = new Option<decimal>("--poll-interval-sec") { Description = "seconds between polls", DefaultValueFactory = _ => 2m };
        var gamma = new Option<string>("--gamma-url") { Description = "Gamma API base URL [default: $MM_GAMMA_URL or https://gamma-api.polymarket.com]" };
        var clob = new Option<string>("--clob-url") { Description = "CLOB API base URL [default: $MM_CLOB_URL or https://clob.polymarket.com]" };
        var feed = new Option<string>("--feed") { Description = "rest: poll books into a snapshot fixture; ws: record the raw market channel (docs/design.md#websocket-recording)", DefaultValueFactory = _ => "rest" };
        var wsUrl = new Option<string>("--ws-url") { Description = $"market-channel URL for --feed ws [default: $MM_WS_URL or {MarketChannelOptions.DefaultUrl}]" };
        var inactivity = new Option<decimal>("--ws-inactivity-sec") { Description = "--feed ws: reconnect and resync when no data came for this long while PONGs still arrive", DefaultValueFactory = _ => 60m };
        var maxFrames = new Option<long?>("--max-frames")
        {
            Description = "--feed ws: stop once this many frames (PONGs included, as counted by the Recorded line) are recorded, or when --minutes runs out, whichever is first; exit 0",
        };
        var maxPolls = new Option<long?>("--max-polls")
        {
            Description = "--feed rest: stop once this many polls (as counted by the Recorded line) are done, or when --minutes runs out, whichever is first; exit 0",
        };
        var quiet = ProgressOutput.QuietOption();
        var command = new Command("record", "Record live snapshots into an offline fixture, or the raw market channel (--feed ws)")
        {
            outDir, markets, minutes, whitelist, poll, feed, wsUrl, inactivity, maxFrames, maxPolls, gamma, clob, quiet,
        };
        var limitOptions = new OnlineLimitOptions();
        limitOptions.AddTo(command, withScan: true);
        command.SetAction(result =>
        {
            var count = result.GetValue(markets);
            var mins = result.GetValue(minutes);
            var pollSec = result.GetValue(poll);
            if (count < 1 || mins <= 0m || pollSec <= 0m)
            {
                throw new SettingsException("--markets must be >= 1, --minutes and --poll-interval-sec > 0");
            }

            var feedName = result.GetValue(feed);
            if (feedName is not ("rest" or "ws"))
            {
                throw new SettingsException($"--feed: '{feedName}' is not a feed (rest or ws)");
            }

            var ws = feedName == "ws";
            var frameLimit = StopCount(result, maxFrames, applies: ws, "--feed ws only");
            var pollLimit = StopCount(result, maxPolls, applies: !ws, "--feed rest only (--feed ws stops on frames: --max-frames)");
            MarketChannelOptions? channel = null;
            if (ws)
            {
                channel = ChannelOptions(result.GetValue(wsUrl) ?? Environment.GetEnvironmentVariable("MM_WS_URL"), result.GetValue(inactivity), result.GetValue(limitOptions.MaxResponseMb));
            }

            new OutputPaths().Dir("--out", result.GetValue(outDir)).Input("--whitelist", result.GetValue(whitelist)).Check();
            var limits = limitOptions.Read(result);
            var options = OnlineStartup.Options(result.GetValue(gamma), result.GetValue(clob), limits, keepMarketJson: true);
            var ids = Whitelist.Load(result.GetValue(whitelist));
            using var signals = new StopSignals();
            using var client = PolymarketClient.Create(options, cli.Clock);
            Func<GammaMarket, bool> usable = ws ? m => m.ClobTokenIds.Count == 2 : m => FixtureRecorder.IsSafeFileName(m.Id);
            var (selected, exitCode) = OnlineStartup.DiscoverAndSelect(cli, client, ids, count, usable, signals, limits);
            if (selected is null)
            {
                return exitCode;
            }

            Selection.ReportShortfall(cli.Err, selected.Count, count);

            var dir = result.GetValue(outDir)!;
            if (channel is not null)
            {
                return RecordChannel(cli, client, channel, selected, dir, mins, frameLimit, signals, result.GetValue(quiet));
            }

            FixtureRecorder recorder;
            try
            {
                recorder = new FixtureRecorder(dir, selected);
            }
            catch (IOException e)
            {
                throw new SettingsException($"--out: {e.Message}");
            }

            using (recorder)
            {
                var interval = TimeSpan.FromTicks((long)(pollSec * TimeSpan.TicksPerSecond));
                var duration = TimeSpan.FromTicks((long)(mins * 60m * TimeSpan.TicksPerSecond));
                cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Recording {selected.Count} markets into {dir} for {mins} min{(pollLimit is { } n ? $" or {n} polls" : "")}, one poll every {pollSec} s ({string.Join(", ", selected.Select(m => m.Id))})"));
                cli.Out.Flush();
                var session = new RecordingSession(client, selected, recorder, cli.Clock);
                var started = cli.Clock.GetTimestamp();
                using var shown = ProgressReporter.Start(cli.Progress.Unless(result.GetValue(quiet)), cli.Clock, "record", duration.TotalSeconds, "s", heartbeat: true, rateUnit: "polls");
                var completed = session.RunAsync(interval, duration, pollLimit, errors =>
                {
                    foreach (var e in errors)
                    {
                        if (client.Errors.ShouldLog(e.Kind, out var suppressed))
                        {
                            cli.Err.WriteLine($"fetch error {e.Kind}: {e.Message}{(suppressed > 0 ? $" (+{suppressed} more since the last report)" : "")}");
                        }
                    }

                    shown.Update(cli.Clock.GetElapsedTime(started).TotalSeconds, $"polls={session.Polls} lines={recorder.Lines} fetch_errors={client.Errors.Total}", items: session.Polls);
                }, signals.Token).GetAwaiter().GetResult();
                shown.Dispose();

                cli.Out.WriteLine($"Recorded: polls={session.Polls} lines={recorder.Lines} markets={selected.Count} fetch_errors={client.Errors.Total} dir={dir}{EndNote(completed, session.PollLimitReached, "polls")}");
                return completed ? ExitCodes.Ok : signals.ExitCode;
            }
        });
        return command;
    }

    // A count-based stop (--max-frames, --max-polls): at least 1, and only with the feed it counts for.
    private static long? StopCount(ParseResult result, Option<long?> option, bool applies, string onlyFor)
    {
        var n = result.GetValue(option);
        if (n is < 1)
        {
            throw new SettingsException($"{option.Name} must be >= 1");
        }

        if (n is not null && !applies)
        {
            throw new SettingsException($"{option.Name} applies to {onlyFor}");
        }

        return n;
    }

    // How the Recorded line ends: interrupted by a signal, stopped by the count, or nothing after the time ran out.
    private static string EndNote(bool completed, bool limitReached, string counted) =>
        !completed ? " (interrupted)" : limitReached ? $" (max {counted} reached)" : "";

    internal static MarketChannelOptions ChannelOptions(string? url, decimal inactivitySec, decimal? maxMessageMb)
    {
        if (inactivitySec <= 0m || inactivitySec > 86_400m)
        {
            throw new SettingsException("--ws-inactivity-sec must be in (0, 86400]");
        }

        var options = new MarketChannelOptions { InactivityTimeout = TimeSpan.FromTicks((long)(inactivitySec * TimeSpan.TicksPerSecond)) };
        if (maxMessageMb is { } mb)
        {
            options = options with { MaxMessageBytes = (int)Math.Clamp(mb * 1024m * 1024m, 1024m, int.MaxValue) };
        }

        if (!string.IsNullOrWhiteSpace(url))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss"))
            {
                throw new SettingsException($"--ws-url: '{url}' is not a ws:// or wss:// URL");
            }

            options = options with { Url = uri };
        }

        return options;
    }

    private static int RecordChannel(CliContext cli, PolymarketClient client, MarketChannelOptions channel, IReadOnlyList<GammaMarket> selected,
        string dir, decimal mins, long? maxFrames, StopSignals signals, bool quiet)
    {
        try
        {
            WsMarketsFile.Write(dir, selected);
        }
        catch (IOException e)
        {
            throw new SettingsException($"--out: {e.Message}");
        }

        var tokens = selected.SelectMany(m => m.ClobTokenIds).ToList();
        using var recorder = new WsRecorder(dir, cli.Clock);
        var session = new WsRecordingSession(client, channel, tokens, recorder, cli.Clock);
        var duration = TimeSpan.FromTicks((long)(mins * 60m * TimeSpan.TicksPerSecond));
        cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Recording the market channel of {selected.Count} markets ({tokens.Count} tokens, {session.Client.Slices.Count} connections) into {dir} for {mins} min{(maxFrames is { } n ? $" or {n} frames" : "")} from {channel.Url}"));
        cli.Out.Flush();
        var started = cli.Clock.GetTimestamp();
        var run = session.RunAsync(duration, maxFrames, signals.Token);
        using (var shown = ProgressReporter.Start(cli.Progress.Unless(quiet), cli.Clock, "record", duration.TotalSeconds, "s", heartbeat: true, rateUnit: "frames"))
        {
            while (!run.Wait(TimeSpan.FromSeconds(1)))
            {
                var s = session.Client.Stats;
                shown.Update(cli.Clock.GetElapsedTime(started).TotalSeconds, $"frames={s.Frames} reconnects={s.Reconnects} watchdog={s.WatchdogTrips}", items: s.Frames);
            }
        }

        var completed = run.GetAwaiter().GetResult();
        recorder.Flush();
        var st = session.Client.Stats;
        cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Recorded: frames={st.Frames} lines={recorder.Lines} rest_snapshots={session.RestSnapshots} rest_failures={session.RestFailures} connects={st.Connects} reconnects={st.Reconnects} disconnects={st.Disconnects} watchdog={st.WatchdogTrips} too_large={st.TooLarge} markets={selected.Count} dir={dir}{EndNote(completed, session.FrameLimitReached, "frames")}"));
        return completed ? ExitCodes.Ok : signals.ExitCode;
    }
}
