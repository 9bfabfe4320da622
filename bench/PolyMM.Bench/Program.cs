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
        var parse = new ParseBenchmarks();
        parse.Setup();
        Report("parse JSONL", ParseBenchmarks.Lines, () => parse.ParseFile());
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
        action();
        var best = double.MaxValue;
        long allocated = 0;
        for (var i = 0; i < 5; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var sw = Stopwatch.StartNew();
            action();
            best = Math.Min(best, sw.Elapsed.TotalSeconds);
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-38} {ops / best,14:N0} ops/s  {best * 1e9 / ops,8:0.0} ns/op  {(double)allocated / ops,8:0.0} B/op"));
    }
}
