using System.CommandLine;
using System.Globalization;
using System.Text;
using PolyMM.Cli.Running;
using PolyMM.Core.Calibration;
using PolyMM.Data.Fixtures;
using PolyMM.Reports.Output;

namespace PolyMM.Cli.Commands;

/// <summary><c>mm calibrate</c> (docs/design.md#calibration): the probabilistic fill model over its parameter grid on a fixture.</summary>
internal static class CalibrateCommand
{
    public static Command Create(CliContext cli)
    {
        var fixtureDir = new Option<string>("--fixture-dir") { Description = "offline fixture directory", DefaultValueFactory = _ => "fixtures/market_making/sample" };
        var profile = new Option<string>("--fixture-profile") { Description = "subdirectory of the fixture; default = the directory itself", DefaultValueFactory = _ => "default" };
        var kTicks = new Option<int>("--k-ticks") { Description = "quote distance from mid in ticks", DefaultValueFactory = _ => 2 };
        var tickSize = new Option<decimal>("--tick-size") { Description = "price tick", DefaultValueFactory = _ => 0.01m };
        var seed = new Option<long>("--seed") { Description = "seed of every grid point's generator", DefaultValueFactory = _ => 42 };
        var csv = new Option<string>("--output-csv") { Description = "also write the table as CSV to this file" };
        var quiet = ProgressOutput.QuietOption();
        var markets = new Option<int?>("--markets") { Description = "use only the first N markets of the fixture [default: all]" };
        var queueFunction = new Option<string>("--queue-function") { Description = "L2 recordings: the queue model the probabilistic grid is fitted to: risk-averse, power:N or log", DefaultValueFactory = _ => "risk-averse" };
        var format = new Option<string>("--fixture-format") { Description = "auto (a polling fixture or a market-channel recording, detected) or pmxt", DefaultValueFactory = _ => "auto" };
        var command = new Command("calibrate", "Fill rate of the probabilistic model over alpha x base_liquidity x p_max on a fixture; on L2 recordings, the grid point that best matches the queue model")
        {
            fixtureDir, profile, kTicks, tickSize, seed, csv, markets, quiet, queueFunction, format,
        };
        command.SetAction(result =>
        {
            var k = result.GetValue(kTicks);
            var tick = result.GetValue(tickSize);
            if (k < 0 || tick < 0.0000000001m)
            {
                throw new SettingsException("--k-ticks must be >= 0 and --tick-size at least 1e-10");
            }

            new OutputPaths().File("--output-csv", result.GetValue(csv)).Check();
            var l2 = new RunSettings
            {
                FixtureDir = result.GetValue(fixtureDir)!,
                FixtureProfile = result.GetValue(profile)!,
                FixtureFormat = result.GetValue(format)!.Trim().ToLowerInvariant(),
                KTicks = k,
                TickSize = tick,
                Seed = result.GetValue(seed),
                Markets = result.GetValue(markets) ?? int.MaxValue,
                QueueFunction = result.GetValue(queueFunction)!.Trim().ToLowerInvariant(),
            };
            if (l2.FixtureFormat is not ("auto" or "pmxt"))
            {
                throw new SettingsException($"--fixture-format must be auto or pmxt (got '{l2.FixtureFormat}')");
            }

            if (ChannelRun.IsChannelData(l2, Paths.Resolve(l2.FixtureDir)))
            {
                return CalibrateL2(cli, l2, result.GetValue(csv));
            }

            var fixture = Fixture.Load(Paths.Resolve(result.GetValue(fixtureDir)!), result.GetValue(profile));
            var chosen = fixture.Markets.Take(result.GetValue(markets) ?? int.MaxValue).ToList();
            if (chosen.Count == 0)
            {
                throw new SettingsException("the fixture has no markets to calibrate on");
            }

            if (result.GetValue(markets) is { } requested)
            {
                Selection.ReportShortfall(cli.Err, chosen.Count, requested);
            }

            var started = cli.Clock.GetTimestamp();
            CalibrationInput input;
            IReadOnlyList<CalibrationRow> rows;
            using (var shown = ProgressReporter.Start(cli.Progress.Unless(result.GetValue(quiet)), cli.Clock, "calibrate", chosen.Count + 1, "steps"))
            {
                // One step per market file parsed, then one for the grid (60 points, not reported one by one).
                var loaded = 0;
                input = Load(chosen, k, tick, () =>
                {
                    var n = Interlocked.Increment(ref loaded);
                    shown.Update(n, $"step=load markets_loaded={n}/{chosen.Count}");
                });
                shown.Update(chosen.Count, $"step=grid snapshots={input.Count}");
                rows = Calibrator.Run(input, result.GetValue(seed));
            }

            cli.Out.Write(Table(rows));
            cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Calibrated on {chosen.Count} market(s), {input.Count} snapshots ({input.Skipped} invalid skipped), k={k} tick={tick} in {cli.Clock.GetElapsedTime(started).TotalSeconds:0.00} s"));
            if (result.GetValue(csv) is { } path)
            {
                AtomicFile.WriteAllText(path, Csv(rows));
                cli.Out.WriteLine($"CSV: {path}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>L2 data: the probabilistic grid fitted to the queue model's fill rate (docs/design.md#calibration).</summary>
    private static int CalibrateL2(CliContext cli, RunSettings s, string? csvPath)
    {
        if (!Core.Fills.QueueFunction.TryParse(s.QueueFunction, out _))
        {
            throw new SettingsException($"--queue-function must be {Core.Fills.QueueFunction.ValidNames} (got '{s.QueueFunction}')");
        }

        var started = cli.Clock.GetTimestamp();
        var (queue, rows, best) = L2Calibration.Run(s, cli.Clock.GetUtcNow(), CancellationToken.None);
        cli.Out.Write(L2Calibration.Table(rows));
        cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Queue model ({queue.Model}): orders={queue.Orders} filled={queue.FilledOrders} rate={queue.FillRate:0.000000}"));
        cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Best fit: alpha={best.Alpha} base_liquidity={best.BaseLiquidity} p_max={best.PMax} rate={best.FillRate:0.000000} fit_error={best.Error:0.000000} (|rate − queue rate|; L2 data, k={s.KTicks}, one pass, {cli.Clock.GetElapsedTime(started).TotalSeconds:0.00} s)"));
        if (csvPath is { } path)
        {
            AtomicFile.WriteAllText(path, L2Calibration.Csv(rows));
            cli.Out.WriteLine($"CSV: {path}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>Parses every market's file (in parallel, one per core) and concatenates them in fixture order.</summary>
    internal static CalibrationInput Load(IReadOnlyList<FixtureMarket> markets, int kTicks, decimal tickSize, Action? marketLoaded = null)
    {
        var parts = new CalibrationInput[markets.Count];
        Parallel.For(0, markets.Count, i =>
        {
            var part = new CalibrationInput(kTicks, tickSize);
            using var reader = new SnapshotFileReader(markets[i].SnapshotPath, default, TimeSpan.FromSeconds(2));
            while (reader.TryRead(out var s))
            {
                part.Add(s);
            }

            parts[i] = part;
            marketLoaded?.Invoke();
        });
        var all = new CalibrationInput(kTicks, tickSize);
        foreach (var p in parts)
        {
            all.Append(p);
        }

        return all;
    }

    internal static string Table(IReadOnlyList<CalibrationRow> rows)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{"alpha",6} {"base_liq",9} {"p_max",6} {"evals",12} {"fills",12} {"rate",9}\n");
        foreach (var r in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{r.Alpha,6:0.0#} {r.BaseLiquidity,9:0.00} {r.PMax,6:0.0#} {r.Evaluations,12} {r.Fills,12} {r.Rate,9:0.000000}\n");
        }

        return sb.ToString();
    }

    internal static string Csv(IReadOnlyList<CalibrationRow> rows)
    {
        var sb = new StringBuilder("alpha,base_liquidity,p_max,evals,fills,rate\n");
        foreach (var r in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{r.Alpha},{r.BaseLiquidity},{r.PMax},{r.Evaluations},{r.Fills},{r.Rate:R}\n");
        }

        return sb.ToString();
    }
}
