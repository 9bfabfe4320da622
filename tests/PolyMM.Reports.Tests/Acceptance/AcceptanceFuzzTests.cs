using System.Text;
using PolyMM.Cli;
using PolyMM.Reports.Acceptance;

namespace PolyMM.Reports.Tests.Acceptance;

/// <summary>
/// Truncated, corrupted and doctored reports and CSVs: the checker's only outcomes are a PASS or a FAIL
/// line — never an exception (which the CLI would show as an internal error).
/// </summary>
public sealed class AcceptanceFuzzTests : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly string _dir;

    public AcceptanceFuzzTests() => _dir = _tmp.Path;

    public void Dispose() => _tmp.Dispose();

    [Fact]
    public void Check_MutatedReportsAndCsvs_OnlyPassOrFail()
    {
        var db = Path.Combine(_dir, "t.db");
        var json = Path.Combine(_dir, "r.json");
        var csv = Path.Combine(_dir, "f.csv");
        Assert.Equal(0, Program.Run(["run", "--db", db, "--run-tag", "FUZZ"], TextWriter.Null, TextWriter.Null, TimeProvider.System));
        Assert.Equal(0, Program.Run(["analyze", "--db", db, "--run-tag", "FUZZ", "--output-json", json, "--output-md", Path.Combine(_dir, "r.md"), "--export-csv", csv],
            TextWriter.Null, TextWriter.Null, TimeProvider.System));
        var goodJson = File.ReadAllBytes(json);
        var goodCsv = File.ReadAllBytes(csv);
        Assert.True(AcceptanceChecker.Check(new AcceptanceOptions(json, 500m, csv)).Passed);

        var rng = new Random(1234);
        var outcomes = new Dictionary<bool, int> { [true] = 0, [false] = 0 };
        for (var i = 0; i < 1500; i++)
        {
            var mutateJson = rng.Next(2) == 0;
            File.WriteAllBytes(json, mutateJson ? Mutate(goodJson, rng) : goodJson);
            File.WriteAllBytes(csv, mutateJson ? goodCsv : Mutate(goodCsv, rng));

            var result = AcceptanceChecker.Check(new AcceptanceOptions(json, 500m, csv, Baseline: rng.Next(3) == 0));

            Assert.Matches("^(PASS|FAIL): ", result.Line);
            Assert.DoesNotContain('\n', result.Line);
            outcomes[result.Passed]++;
        }

        // The mutations must actually break things most of the time, or this test proves nothing.
        Assert.True(outcomes[false] > 500, $"only {outcomes[false]} of 1500 mutations failed the check");
    }

    private static byte[] Mutate(byte[] good, Random rng)
    {
        var text = Encoding.UTF8.GetString(good);
        switch (rng.Next(6))
        {
            case 0: // truncated anywhere
                return good[..rng.Next(good.Length)];
            case 1: // random bytes flipped
                var bytes = (byte[])good.Clone();
                for (var k = rng.Next(1, 6); k > 0; k--)
                {
                    bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
                }

                return bytes;
            case 2: // a number replaced by text
                var digit = text.IndexOfAny("0123456789".ToCharArray(), rng.Next(text.Length));
                return digit < 0 ? good : Encoding.UTF8.GetBytes(text[..digit] + "\"x\"" + text[(digit + 1)..]);
            case 3: // a line dropped
                var lines = text.Split('\n').ToList();
                lines.RemoveAt(rng.Next(lines.Count));
                return Encoding.UTF8.GetBytes(string.Join('\n', lines));
            case 4: // numbers made huge, negative or absurd
                var at = text.IndexOfAny("0123456789".ToCharArray(), rng.Next(text.Length));
                var junk = new[] { "1e400", "-5", "NaN", "99999999999999999999999999999", "0.5.5" }[rng.Next(5)];
                return at < 0 ? good : Encoding.UTF8.GetBytes(text[..at] + junk + text[(at + 1)..]);
            default: // empty file
                return [];
        }
    }
}
