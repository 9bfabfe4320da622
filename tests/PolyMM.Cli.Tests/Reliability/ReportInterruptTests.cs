using System.Globalization;
using System.Text.Json;
using PolyMM.Cli.Tests.Online;
using PolyMM.Cli.Tests.Support;
using Xunit.Abstractions;

namespace PolyMM.Cli.Tests.Reliability;

/// <summary>
/// <c>mm analyze</c> stopped by SIGTERM at seeded moments over an existing report: each output on disk is always
/// the old file or the new one, whole (docs/design.md#atomic-outputs), never empty or cut short.
/// </summary>
public sealed class ReportInterruptTests(ITestOutputHelper log)
{
    private const string OldJson = "{\"old\": true}\n";
    private const string OldCsv = "old\n";

    [Fact]
    public async Task Analyze_SigtermAtSeededMoments_ReportAndCsvAlwaysOldOrNewWhole()
    {
        using var dir = new TempDir();
        var fixture = FixtureWriter.RandomWalk(dir.File("fx"), markets: 4, snapshots: 4_000, seed: 18);
        var db = dir.File("t.db");
        Assert.Equal(0, Mm.Run("run", "--db", db, "--fixture-dir", fixture, "--markets", "4", "--fill-model", "probabilistic",
            "--fill-pmax", "0.5", "--fill-base-liquidity", "0.5", "--run-tag", "T", "--reports-dir", dir.File("reports")).ExitCode);
        // The new files, made once without interruption, are what a finished write must equal.
        Assert.Equal(0, Mm.Run("analyze", "--db", db, "--run-tag", "T", "--reports-dir", dir.File("clean")).ExitCode);
        var newCsv = File.ReadAllText(dir.File("clean/market_making_T_fills.csv"));
        var reports = dir.File("reports");
        var json = Path.Combine(reports, "market_making_T.json");
        var csv = Path.Combine(reports, "market_making_T_fills.csv");
        Directory.CreateDirectory(reports);
        var rng = new Random(18);
        var outcomes = new List<string>();
        for (var attempt = 0; attempt < 8; attempt++)
        {
            File.WriteAllText(json, OldJson);
            File.WriteAllText(csv, OldCsv);
            using var child = Mm.Start(dir.Path, "analyze", "--db", db, "--run-tag", "T", "--reports-dir", reports);
            var output = new OnlineSupport.Captured(child);
            // A seeded moment between start-up and the last write; the assertions below hold whenever it lands.
            await Task.Delay(TimeSpan.FromMilliseconds(rng.Next(50, 1_500)), TimeProvider.System);
            using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", child.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await child.WaitForExitAsync();

            var jsonText = File.ReadAllText(json);
            using (var parsed = JsonDocument.Parse(jsonText))
            {
                Assert.True(jsonText == OldJson || parsed.RootElement.GetProperty("run_tag").GetString() == "T", jsonText);
            }

            var csvText = File.ReadAllText(csv);
            Assert.True(csvText == OldCsv || csvText == newCsv, $"attempt {attempt}: fills CSV is neither the old nor the new file ({csvText.Length} chars)");
            outcomes.Add($"{child.ExitCode}:{(jsonText == OldJson ? "old" : "new")}/{(csvText == OldCsv ? "old" : "new")}");
        }

        log.WriteLine($"exit:json/csv per attempt: {string.Join(" ", outcomes)}");
    }
}
