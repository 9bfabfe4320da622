using System.Globalization;
using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests;

public sealed class CalibrateCommandTests
{
    [Fact]
    public void Calibrate_SampleFixture_PrintsSixtyRowsOfTwentyFourEvaluations()
    {
        using var dir = new TempDir();

        var result = Mm.Run("calibrate", "--output-csv", dir.File("c.csv"));

        Assert.Equal(0, result.ExitCode);
        var csv = File.ReadAllLines(dir.File("c.csv"));
        Assert.Equal("alpha,base_liquidity,p_max,evals,fills,rate", csv[0]);
        Assert.Equal(61, csv.Length);

        // 2 markets × 6 snapshots × (bid + ask) = 24 evaluations per grid point.
        Assert.All(csv.Skip(1), line => Assert.Equal("24", line.Split(',')[3]));
        var table = result.StdoutLines.TakeWhile(l => !l.StartsWith("Calibrated", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("alpha", table[0], StringComparison.Ordinal);
        Assert.Equal(61, table.Count);
    }

    [Fact]
    public void Calibrate_SameSeed_IdenticalTables()
    {
        using var dir = new TempDir();
        Mm.Run("fixture", "synth", "--out", dir.File("fx"), "--markets", "3", "--snapshots", "3000", "--seed", "2");

        Mm.Run("calibrate", "--fixture-dir", dir.File("fx"), "--seed", "7", "--output-csv", dir.File("a.csv"));
        Mm.Run("calibrate", "--fixture-dir", dir.File("fx"), "--seed", "7", "--output-csv", dir.File("b.csv"));
        Mm.Run("calibrate", "--fixture-dir", dir.File("fx"), "--seed", "8", "--output-csv", dir.File("c.csv"));

        Assert.Equal(File.ReadAllText(dir.File("a.csv")), File.ReadAllText(dir.File("b.csv")));
        Assert.NotEqual(File.ReadAllText(dir.File("a.csv")), File.ReadAllText(dir.File("c.csv")));
    }

    [Fact]
    public void Calibrate_Rows_RateIsFillsOverEvaluations()
    {
        using var dir = new TempDir();
        Mm.Run("fixture", "synth", "--out", dir.File("fx"), "--markets", "2", "--snapshots", "2000", "--seed", "4");

        Mm.Run("calibrate", "--fixture-dir", dir.File("fx"), "--output-csv", dir.File("c.csv"));

        foreach (var line in File.ReadAllLines(dir.File("c.csv")).Skip(1))
        {
            var f = line.Split(',');
            var evals = long.Parse(f[3], CultureInfo.InvariantCulture);
            var fills = long.Parse(f[4], CultureInfo.InvariantCulture);
            // 2 markets × 2000 snapshots × (bid + ask).
            Assert.Equal(8000, evals);
            Assert.InRange(fills, 1, evals);
            Assert.Equal((double)fills / evals, double.Parse(f[5], CultureInfo.InvariantCulture));
        }
    }
}
