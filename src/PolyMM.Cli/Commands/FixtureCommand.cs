using System.CommandLine;
using System.Globalization;
using PolyMM.Cli.Running;
using PolyMM.Data.Fixtures.Synth;

namespace PolyMM.Cli.Commands;

/// <summary><c>mm fixture synth</c> and <c>mm fixture synth-ws</c>: write deterministic synthetic fixtures (benchmarks, tests, demos).</summary>
internal static class FixtureCommand
{
    public static Command Create(CliContext cli)
    {
        var output = new Option<string>("--out") { Description = "directory to write markets.json and snapshots/ into", Required = true };
        var markets = new Option<int>("--markets") { Description = "number of markets", DefaultValueFactory = _ => 10 };
        var snapshots = new Option<long>("--snapshots") { Description = "snapshot lines per market", DefaultValueFactory = _ => 1000 };
        var seed = new Option<long>("--seed") { Description = "generator seed: same seed, same bytes", DefaultValueFactory = _ => 42 };
        var tight = new Option<bool>("--tight") { Description = "Tier-A books (spread <= 1%, depth >= 1000) so selection picks every market" };
        var quiet = ProgressOutput.QuietOption();
        var force = new Option<bool>("--force") { Description = "write into a non-empty --out: its markets.json and snapshots/ are replaced" };
        var synth = new Command("synth", "Write a deterministic synthetic fixture (random-walk books on the tick grid)")
        {
            output, markets, snapshots, seed, tight, force, quiet,
        };
        synth.SetAction(result =>
        {
            var options = new SynthOptions(result.GetValue(markets), result.GetValue(snapshots), result.GetValue(seed), result.GetValue(tight));
            if (options.Markets <= 0 || options.Snapshots < 0)
            {
                throw new SettingsException("--markets must be > 0 and --snapshots >= 0");
            }

            var dir = result.GetValue(output)!;
            new OutputPaths().Dir("--out", dir).Check();
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            {
                if (!result.GetValue(force))
                {
                    throw new SettingsException($"--out: {dir} is not empty; pass --force to replace its fixture, or choose an empty directory");
                }

                // What this command owns in the directory; anything else there is left alone.
                File.Delete(Path.Combine(dir, "markets.json"));
                if (Directory.Exists(Path.Combine(dir, "snapshots")))
                {
                    Directory.Delete(Path.Combine(dir, "snapshots"), recursive: true);
                }
            }

            var started = cli.Clock.GetTimestamp();
            long lines;
            var total = (double)options.Markets * options.Snapshots;
            using (var shown = ProgressReporter.Start(cli.Progress.Unless(result.GetValue(quiet)), cli.Clock, "fixture synth", total, "lines"))
            {
                long written = 0;
                lines = SynthFixtureWriter.Write(dir, options, linesWritten: n => shown.Update(Interlocked.Add(ref written, n)));
            }

            cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Fixture written: {Path.GetFullPath(dir)} markets={options.Markets} lines={lines} tight={options.Tight} seed={options.Seed} in {cli.Clock.GetElapsedTime(started).TotalSeconds:0.00} s"));
            return ExitCodes.Ok;
        });
        return new Command("fixture", "Fixture tools") { synth, SynthWs(cli) };
    }

    /// <summary><c>mm fixture synth-ws</c>: a synthetic market-channel recording (docs/design.md#synthetic-ws-recording).</summary>
    private static Command SynthWs(CliContext cli)
    {
        var output = new Option<string>("--out") { Description = "directory to write markets.json and ws-*.jsonl.gz into (must be empty or absent)", Required = true };
        var markets = new Option<int>("--markets") { Description = "number of markets", DefaultValueFactory = _ => 10 };
        var frames = new Option<long>("--frames") { Description = "frames to write", DefaultValueFactory = _ => 100_000 };
        var maxMb = new Option<double>("--max-mb") { Description = "stop once the gzip files reach this size (0: no limit)", DefaultValueFactory = _ => 0 };
        var seed = new Option<long>("--seed") { Description = "generator seed: same seed, same frames", DefaultValueFactory = _ => 42 };
        var quiet = ProgressOutput.QuietOption();
        var command = new Command("synth-ws", "Write a deterministic synthetic market-channel recording (L2 books, trades, snapshots)")
        {
            output, markets, frames, maxMb, seed, quiet,
        };
        command.SetAction(result =>
        {
            var (n, count, limit) = (result.GetValue(markets), result.GetValue(frames), result.GetValue(maxMb));
            if (n <= 0 || count < 0 || !(limit >= 0))
            {
                throw new SettingsException("--markets must be > 0, --frames >= 0 and --max-mb >= 0");
            }

            var dir = result.GetValue(output)!;
            new OutputPaths().Dir("--out", dir).Check();
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            {
                throw new SettingsException($"--out: {dir} is not empty; choose an empty directory");
            }

            var started = cli.Clock.GetTimestamp();
            long written;
            using (var shown = ProgressReporter.Start(cli.Progress.Unless(result.GetValue(quiet)), cli.Clock, "fixture synth-ws", count, "frames"))
            {
                written = new SynthWsRecording(n, result.GetValue(seed)).Write(dir, count, (long)(limit * 1024 * 1024), cli.Clock, f => shown.Update(f));
            }

            var bytes = Directory.GetFiles(dir, "ws-*.jsonl.gz").Sum(f => new FileInfo(f).Length);
            cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Recording written: {Path.GetFullPath(dir)} markets={n} frames={written} bytes={bytes} seed={result.GetValue(seed)} in {cli.Clock.GetElapsedTime(started).TotalSeconds:0.00} s"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
