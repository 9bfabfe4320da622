using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using PolyMM.Core.Fills;

namespace PolyMM.Bench;

/// <summary>
/// <c>dotnet run -c Release -- [BenchmarkDotNet args]</c> runs the benchmarks; <c>quick</c> times each hot path
/// with a stopwatch (best of five, after a warm-up) for a fast before/after comparison on a noisy machine.
/// </summary>
public static class Program
{
    public static void Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "quick-ws")
        {
            // The market-channel replay alone, long enough to profile (e.g. under dotnet-trace).
            var ws = new WsReplayBenchmarks();
            ws.Setup();
            for (var i = 0; i < 10; i++)
            {
                ws.Replay();
            }

            return;
        }

        if (args.Length > 0 && args[0] == "quick-ws-parse")
        {
            // The parser and books alone, long enough to profile (e.g. under perf with DOTNET_PerfMapEnabled=1).
            var ws = new WsReplayBenchmarks();
            ws.Setup();
            for (var i = 0; i < 30; i++)
            {
                ws.ParseOnly();
            }

            return;
        }

        if (args.Length > 0 && args[0] == "quick-ws-rate")
        {
            var ws = new WsReplayBenchmarks();
            ws.Setup();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ws frames {WsReplayBenchmarks.Frames:N0}, events {ws.Events:N0}"));
            Report("ws parse + books (no engine)", (int)ws.Events, () => ws.ParseOnly());
            Report("ws parse + books, frames as text", (int)ws.Events, () => ws.ParseOnlyText());
            Report("ws replay (parse + books + engine)", (int)ws.Events, () => ws.Replay());
            return;
        }

        if (args.Length > 0 && args[0] == "quick-engine")
        {
            // The engine alone (touch and trade-through fills); with a count, that many runs of the first, to profile.
            var engine = new EngineBenchmarks();
            engine.Setup();
            if (args.Length > 1)
            {
                for (var i = 0; i < int.Parse(args[1], CultureInfo.InvariantCulture); i++)
                {
                    engine.EngineStrict();
                }

                return;
            }

            Report("engine (touch, no-op sink)", EngineBenchmarks.Markets * EngineBenchmarks.PerMarket, () => engine.EngineStrict());
            Report("engine (trade-through, no-op sink)", EngineBenchmarks.Markets * EngineBenchmarks.PerMarket, () => engine.EngineTradeThrough());
            return;
        }

        if (args.Length > 0 && args[0] == "quick")
        {
            Quick();
            return;
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }

    private static void Quick()
    {
        var engine = new EngineBenchmarks();
        engine.Setup();
        Report("engine (strict, no-op sink)", EngineBenchmarks.Markets * EngineBenchmarks.PerMarket, () => engine.EngineStrict());
        Report("engine (probabilistic, no-op sink)", EngineBenchmarks.Markets * EngineBenchmarks.PerMarket,
            () => engine.Run(new ProbabilisticFillModel(new ProbabilisticFillParams(), new PolyMM.Core.Random.SeededRandom(42))));
        var queue = new QueueBenchmarks();
        queue.Setup();
        Report("queue power:2, 20 orders, L2 events", QueueBenchmarks.Events, () => queue.QueuePower2());
        var parse = new ParseBenchmarks();
        parse.Setup();
        Report("parse JSONL", ParseBenchmarks.Lines, () => parse.ParseFile());
        var ws = new WsReplayBenchmarks();
        ws.Setup();
        Report("ws parse + books (no engine)", (int)ws.Events, () => ws.ParseOnly());
        Report("ws replay (parse + books + engine)", (int)ws.Events, () => ws.Replay());
        var writer = new SqliteWriterBenchmarks();
        writer.Setup();
        Report("SQLite writer", SqliteWriterBenchmarks.Markets * SqliteWriterBenchmarks.PerMarket, () =>
        {
            writer.Fresh();
            writer.WriteRun();
        });
    }

    private static void Report(string name, int ops, Action action)
    {
        // The machine is shared: wall time includes waiting for a core, so process CPU time is reported too
        // (best of five for both); CPU time is the steadier figure under load.
        action();
        var bestWall = double.MaxValue;
        var bestCpu = double.MaxValue;
        long allocated = 0;
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < 5; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            action();
            bestWall = Math.Min(bestWall, sw.Elapsed.TotalSeconds);
            process.Refresh();
            bestCpu = Math.Min(bestCpu, (process.TotalProcessorTime - cpu0).TotalSeconds);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-36} wall {ops / bestWall,11:N0} ops/s {bestWall * 1e9 / ops,7:0.0} ns/op | cpu {ops / bestCpu,11:N0} ops/s {bestCpu * 1e9 / ops,7:0.0} ns/op | {(double)allocated / ops,6:0.0} B/op"));
    }
}
