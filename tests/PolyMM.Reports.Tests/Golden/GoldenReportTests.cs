using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using PolyMM.Cli;
using PolyMM.Ledger.Sqlite;
using PolyMM.Reports.Analysis;

namespace PolyMM.Reports.Tests.Golden;

/// <summary>
/// The analysis of a fixed offline run (sample fixture, fixed run id and seed) must equal the reviewed
/// expected file beside this test. Regenerate only with POLYMM_UPDATE_GOLDEN=1: the test then rewrites the
/// file and fails, so a regeneration is never a silent pass; review the diff (see README.md here).
/// </summary>
public sealed class GoldenReportTests
{
    private const string RunId = "mm-20260206T020928-c0693f";

    // The probabilistic defaults (alpha 1.5, base 0.10, p_max 0.20) give the 6-tick sample no fill at all, and a
    // golden of zero fills pins nothing of the fill path: these make fills likely per evaluation (README.md here).
    private static readonly string[] ProbabilisticParams = ["--fill-alpha", "0.3", "--fill-base-liquidity", "1", "--fill-pmax", "0.9"];

    [Theory]
    [InlineData("trade-through")]
    [InlineData("probabilistic")]
    public void Analyze_FixedSampleRun_MatchesGoldenReport(string fillModel)
    {
        using var dir = new TempDir();
        var db = Path.Combine(dir.Path, "golden.db");
        using (var stdout = new StringWriter())
        using (var stderr = new StringWriter())
        {
            string[] extra = fillModel == "probabilistic" ? ProbabilisticParams : [];
            var code = Program.Run(
                ["run", "--db", db, "--run-id", RunId, "--run-tag", "GOLDEN", "--fill-model", fillModel, "--seed", "42", "--reports-dir", dir.Path, .. extra],
                stdout, stderr, TimeProvider.System);
            Assert.True(code == 0, $"mm run exited {code}: {stdout}{stderr}");
        }

        string actual;
        using (var store = LedgerStore.Open(db, readOnly: true))
        {
            var report = new RunAnalyzer(new LedgerReader(store)).Analyze(RunId);
            Assert.NotNull(report);
            // A golden without fills would pin nothing of the fill path, P&L or inventory.
            Assert.True(report.Fills > 0, $"the {fillModel} golden run made no fill");
            using var buffer = new MemoryStream();
            ReportJsonWriter.Write(report, buffer);
            actual = Canonical(buffer.ToArray());
        }

        var path = Path.Combine(SourceDir(), $"sample_{fillModel}.json");
        if (Environment.GetEnvironmentVariable("POLYMM_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            Assert.Fail($"regenerated {path}; review the diff (git diff), then rerun without POLYMM_UPDATE_GOLDEN");
        }

        Assert.True(File.Exists(path), $"{path} is missing; generate it with POLYMM_UPDATE_GOLDEN=1 and review it");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }

    /// <summary>The report without what depends on the machine or the wall clock, indented, keys in written order.</summary>
    private static string Canonical(byte[] json)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        root.Remove("started_at");
        root.Remove("ended_at");
        root.Remove("tool_version");
        var p = root["params"]!.AsObject();
        p.Remove("tool_version");
        p.Remove("fixture_dir");
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";
    }

    private static string SourceDir([CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
