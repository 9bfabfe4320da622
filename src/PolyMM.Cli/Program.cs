using System.CommandLine;

namespace PolyMM.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("PolyMM — market-making experiments on Polymarket");
        var markets = new Option<int>("--markets") { Description = "markets", DefaultValueFactory = _ => 5 };
        var run = new Command("run", "Run an experiment") { markets };
        run.SetAction(pr => { Console.WriteLine(pr.GetValue(markets)); return 0; });
        root.Subcommands.Add(run);
        return root.Parse(args).Invoke();
    }
}
