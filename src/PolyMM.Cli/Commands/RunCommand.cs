using System.CommandLine;
using PolyMM.Cli.Running;

namespace PolyMM.Cli.Commands;

/// <summary><c>mm run</c>: one market-making run, offline on a fixture or online on Polymarket.</summary>
internal static class RunCommand
{
    public static Command Create(CliContext cli)
    {
        var options = new RunOptions();
        var command = new Command("run", "Run one market-making experiment (offline on a recorded fixture by default)");
        options.AddTo(command);
        command.SetAction(result =>
        {
            var settings = options.Bind(result);
            using var signals = new StopSignals();
            var pipeline = new RunPipeline(cli.Out, cli.Err, cli.Clock, cli.Progress.Unless(result.GetValue(options.Quiet)));
            if (settings.DataMode == "online" && settings.Feed == "ws")
            {
                return ChannelRun.RunOnline(cli, settings, pipeline, signals);
            }

            return settings.DataMode == "online"
                ? OnlineRun.Run(cli, settings, pipeline, signals, cli.Progress.Unless(result.GetValue(options.Quiet)))
                : pipeline.RunOffline(settings, signals.Token, () => signals.ExitCode).ExitCode;
        });
        return command;
    }
}
