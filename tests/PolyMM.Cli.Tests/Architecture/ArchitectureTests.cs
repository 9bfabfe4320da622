using System.Reflection;

namespace PolyMM.Cli.Tests.Architecture;

/// <summary>
/// The layering rules, executable: dependencies point inward. Each failure names the offending reference.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly Assembly Core = typeof(Core.Engine.MarketMakingEngine).Assembly;
    private static readonly Assembly Data = typeof(Data.Fixtures.Fixture).Assembly;
    private static readonly Assembly Ledger = typeof(Ledger.Sqlite.LedgerStore).Assembly;
    private static readonly Assembly Reports = typeof(Reports.Trust.TrustGateRunner).Assembly;
    private static readonly Assembly Venue = typeof(FakeVenue.VenueServer).Assembly;

    // I/O, network, processes and the console have no place in the pure core.
    private static readonly string[] ForbiddenInCore =
    [
        "System.Net", "System.Console", "System.IO.FileSystem", "System.Diagnostics.Process", "System.Data",
        "System.Text.Json", "System.Private.Uri",
    ];

    [Fact]
    public void Core_ReferencesOnlySystemAssembliesWithoutIo()
    {
        var offending = Core.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => !n.StartsWith("System.", StringComparison.Ordinal) && n != "System" && n != "netstandard"
                || ForbiddenInCore.Any(f => n == f || n.StartsWith(f + ".", StringComparison.Ordinal)))
            .ToList();

        Assert.True(offending.Count == 0, $"PolyMM.Core must reference only non-I/O System.* assemblies; it references: {string.Join(", ", offending)}");
    }

    [Fact]
    public void Adapters_NeverReferenceTheCli()
    {
        foreach (var adapter in new[] { Core, Data, Ledger, Reports, Venue })
        {
            var refs = adapter.GetReferencedAssemblies().Select(a => a.Name).ToList();
            Assert.False(refs.Contains("mm"), $"{adapter.GetName().Name} references the CLI assembly (mm); dependencies must point inward");
        }
    }

    [Fact]
    public void Reports_NeverReferenceTheHttpClient()
    {
        var offending = Reports.GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n is "PolyMM.Data" or "PolyMM.FakeVenue" || n.StartsWith("System.Net.Http", StringComparison.Ordinal))
            .ToList();

        Assert.True(offending.Count == 0, $"PolyMM.Reports must not reach the Polymarket HTTP client; it references: {string.Join(", ", offending)}");
    }

    [Fact]
    public void Ledger_ReferencesCoreButNotDataOrReports()
    {
        var refs = Ledger.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("PolyMM.Core", refs);
        Assert.DoesNotContain("PolyMM.Data", refs);
        Assert.DoesNotContain("PolyMM.Reports", refs);
    }

    [Fact]
    public void OnlyTheLedgerAdapter_ReferencesMicrosoftDataSqlite()
    {
        var cli = typeof(Program).Assembly;
        var offending = new[] { Core, Data, Reports, Venue, cli }
            .Where(a => a.GetReferencedAssemblies().Any(r => r.Name is "Microsoft.Data.Sqlite" || (r.Name?.StartsWith("SQLitePCL", StringComparison.Ordinal) ?? false)))
            .Select(a => a.GetName().Name)
            .ToList();

        Assert.True(offending.Count == 0, $"only PolyMM.Ledger.Sqlite may reference Microsoft.Data.Sqlite; also: {string.Join(", ", offending)}");
        Assert.Contains("Microsoft.Data.Sqlite", Ledger.GetReferencedAssemblies().Select(a => a.Name));
    }

    [Fact]
    public void Reports_ReadTheLedgerOnlyThroughTheTypedReader()
    {
        var refs = Reports.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.DoesNotContain("PolyMM.Ledger.Sqlite", refs);
        Assert.DoesNotContain("Microsoft.Data.Sqlite", refs);
    }
}
