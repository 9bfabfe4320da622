namespace PolyMM.Cli.Tests.Support;

/// <summary>The bundled sample fixture (copied beside the tool by the build), for tests that need a variant of it.</summary>
internal static class SampleFixture
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "fixtures", "market_making", "sample");

    /// <summary>Copies the sample to <paramref name="target"/>; returns <paramref name="target"/>.</summary>
    public static string CopyTo(string target)
    {
        Directory.CreateDirectory(Path.Combine(target, "snapshots"));
        File.Copy(Path.Combine(Dir, "markets.json"), Path.Combine(target, "markets.json"));
        foreach (var f in Directory.GetFiles(Path.Combine(Dir, "snapshots")))
        {
            File.Copy(f, Path.Combine(target, "snapshots", Path.GetFileName(f)));
        }

        return target;
    }

    /// <summary>Marks the 1-based <paramref name="line"/> of every market's snapshots as a synthetic (gamma fallback) book.</summary>
    public static void MarkSynthetic(string fixtureDir, int line)
    {
        foreach (var f in Directory.GetFiles(Path.Combine(fixtureDir, "snapshots")))
        {
            var lines = File.ReadAllLines(f);
            lines[line - 1] = lines[line - 1].TrimEnd().TrimEnd('}') + ",\"book_source\":\"gamma_fallback\"}";
            File.WriteAllLines(f, lines);
        }
    }
}
