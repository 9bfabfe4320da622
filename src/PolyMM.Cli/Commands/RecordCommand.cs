using System.CommandLine;
using System.Globalization;
using PolyMM.Cli.Running;
using PolyMM.Data.Polymarket;
using PolyMM.Data.Recording;

namespace PolyMM.Cli.Commands;

/// <summary>
/// <c>mm record</c> (docs/design.md#recording): select markets like a run, then record one snapshot line per market per poll into an
/// offline fixture. Progress goes to stderr (a bar on a terminal, a line every 5 s otherwise; <c>--quiet</c>: none). Exit 0 after <c>--minutes</c>; SIGINT/SIGTERM stop
/// cleanly (files complete up to the last poll) with 130/143.
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
        var quiet = ProgressOutput.QuietOption();
        var command = new Command("record", "Record live snapshots into an offline fixture") { outDir, markets, minutes, whitelist, poll, gamma, clob, quiet };
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

            new OutputPaths().Dir("--out", result.GetValue(outDir)).Input("--whitelist", result.GetValue(whitelist)).Check();
            var limits = limitOptions.Read(result);
            var options = OnlineStartup.Options(result.GetValue(gamma), result.GetValue(clob), limits, keepMarketJson: true);
            var ids = Whitelist.Load(result.GetValue(whitelist));
            using var signals = new StopSignals();
            using var client = PolymarketClient.Create(options, cli.Clock);
            var (selected, exitCode) = OnlineStartup.DiscoverAndSelect(cli, client, ids, count, m => FixtureRecorder.IsSafeFileName(m.Id), signals, limits);
            if (selected is null)
            {
                return exitCode;
            }

            Selection.ReportShortfall(cli.Err, selected.Count, count);

            var dir = result.GetValue(outDir)!;
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
                    $"Recording {selected.Count} markets into {dir} for {mins} min, one poll every {pollSec} s ({string.Join(", ", selected.Select(m => m.Id))})"));
                cli.Out.Flush();
                var session = new RecordingSession(client, selected, recorder, cli.Clock);
                var started = cli.Clock.GetTimestamp();
                using var shown = ProgressReporter.Start(cli.Progress.Unless(result.GetValue(quiet)), cli.Clock, "record", duration.TotalSeconds, "s", heartbeat: true, rateUnit: "polls");
                var completed = session.RunAsync(interval, duration, errors =>
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

                cli.Out.WriteLine($"Recorded: polls={session.Polls} lines={recorder.Lines} markets={selected.Count} fetch_errors={client.Errors.Total} dir={dir}{(completed ? "" : " (interrupted)")}");
                return completed ? ExitCodes.Ok : signals.ExitCode;
            }
        });
        return command;
    }
}
