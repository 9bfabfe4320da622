using PolyMM.Core.Selection;

namespace PolyMM.Cli.Running;

/// <summary>What a command says about market selection: advice that can help, and a shortfall of markets.</summary>
internal static class Selection
{
    /// <summary>The selection error with advice for its source (the bundled whitelist file is empty by default).</summary>
    public static string Explain(string error, bool online) => error != MarketSelector.NoMarketsMessage
        ? error
        : online
            ? $"{error}; pass --whitelist FILE, a JSON array of condition ids (the conditionId of open Polymarket markets)"
            : $"{error}; pass --whitelist FILE, a JSON array of condition ids from the fixture's markets.json, or use a fixture with Tier-A books (mm fixture synth --tight)";

    /// <summary>Writes <c>N of M requested markets available</c> to stderr when fewer were selected than asked for.</summary>
    public static void ReportShortfall(TextWriter stderr, int selected, int requested)
    {
        if (selected < requested)
        {
            stderr.WriteLine($"{selected} of {requested} requested markets available");
        }
    }
}
