using System.Text.Json;
using PolyMM.Core.Market;
using PolyMM.Data.Polymarket;

namespace PolyMM.Data.Fixtures;

/// <summary>
/// An offline fixture directory (docs/design.md#fixture-format): <c>markets.json</c> plus <c>snapshots/&lt;market_id&gt;.jsonl</c>.
/// Loading reads only the market list; snapshots are streamed later.
/// </summary>
public sealed class Fixture
{
    private Fixture(string directory, IReadOnlyList<FixtureMarket> markets)
    {
        Directory = directory;
        Markets = markets;
    }

    public string Directory { get; }

    public IReadOnlyList<FixtureMarket> Markets { get; }

    /// <summary>Resolves <c>&lt;dir&gt;[/&lt;profile&gt;]</c>; the profile <c>default</c> means the directory itself.</summary>
    public static string ResolveDirectory(string fixtureDir, string? profile) =>
        string.IsNullOrEmpty(profile) || profile == "default" ? fixtureDir : Path.Combine(fixtureDir, profile);

    public static Fixture Load(string fixtureDir, string? profile = null)
    {
        var dir = Path.GetFullPath(ResolveDirectory(fixtureDir, profile));
        if (!System.IO.Directory.Exists(dir))
        {
            throw new FixtureFormatException($"fixture directory not found: {dir}");
        }

        var marketsPath = Path.Combine(dir, "markets.json");
        RegularFile.Require(marketsPath);
        if (!File.Exists(marketsPath))
        {
            throw new FixtureFormatException($"{marketsPath}: file not found (a fixture needs markets.json)");
        }

        JsonDocument doc;
        try
        {
            using var stream = File.OpenRead(marketsPath);
            doc = JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw FixtureFormatException.At(marketsPath, (e.LineNumber ?? 0) + 1, $"not valid JSON ({FirstLine(e.Message)})");
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw FixtureFormatException.At(marketsPath, 1, "expected a JSON array of market objects");
            }

            var snapshotsDir = Path.Combine(dir, "snapshots");
            var markets = new List<FixtureMarket>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var m in doc.RootElement.EnumerateArray())
            {
                index++;
                if (m.ValueKind != JsonValueKind.Object)
                {
                    throw new FixtureFormatException($"{marketsPath}: market #{index} is not a JSON object");
                }

                try
                {
                    var id = JsonLenient.Text(m, "conditionId") ?? JsonLenient.Text(m, "condition_id") ?? JsonLenient.Text(m, "id");
                    if (string.IsNullOrWhiteSpace(id))
                    {
                        throw new FixtureFormatException($"{marketsPath}: market #{index} has neither conditionId nor id");
                    }

                    if (!seen.Add(id))
                    {
                        continue;
                    }

                    var path = SnapshotPath(snapshotsDir, id, marketsPath);
                    var title = JsonLenient.Text(m, "question") ?? JsonLenient.Text(m, "title") ?? id;
                    var slug = JsonLenient.Text(m, "slug") ?? JsonLenient.Text(m, "market_slug");
                    markets.Add(new FixtureMarket(new MarketInfo(id, title, IsBinary(m), slug), path, m.GetRawText(), MarketEconomics.FromGamma(m)));
                }
                catch (InvalidOperationException e)
                {
                    // JsonDocument does not validate string contents: GetString throws on invalid UTF-8 bytes or an
                    // unpaired surrogate escape (\ud800). That is bad input, not a bug.
                    throw new FixtureFormatException($"{marketsPath}: market #{index} has a string that is not valid text ({FirstLine(e.Message)})", e);
                }
            }

            return new Fixture(dir, markets);
        }
    }

    /// <summary>
    /// Binary = two outcomes, or two tokens, or two outcome prices (docs/design.md#fixture-format); lists may be JSON-encoded strings.
    /// </summary>
    public static bool IsBinary(JsonElement market)
    {
        if (JsonLenient.StringList(market, "outcomes") is { } outcomes)
        {
            return outcomes.Count == 2;
        }

        if (market.TryGetProperty("tokens", out var tokens) && tokens.ValueKind == JsonValueKind.Array)
        {
            return tokens.GetArrayLength() == 2;
        }

        return JsonLenient.StringList(market, "outcomePrices") is { Count: 2 };
    }

    /// <summary>
    /// The snapshot file of a market id. An id is a file name, never a path: separators, "..", or
    /// anything that would resolve outside the snapshots directory is refused.
    /// </summary>
    private static string SnapshotPath(string snapshotsDir, string id, string marketsPath)
    {
        var bad = id.Contains('/', StringComparison.Ordinal) || id.Contains('\\', StringComparison.Ordinal)
            || id.Contains("..", StringComparison.Ordinal) || id.Contains('\0', StringComparison.Ordinal)
            || Path.IsPathRooted(id) || id.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0;
        // Only resolve a name that passed the checks: GetFullPath throws ArgumentException on a NUL.
        var full = bad ? string.Empty : Path.GetFullPath(Path.Combine(snapshotsDir, id + ".jsonl"));
        if (bad || !full.StartsWith(snapshotsDir + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new FixtureFormatException($"{marketsPath}: market id '{Printable(id)}' is not a plain file name (it would reach outside the fixture directory)");
        }

        return full;
    }

    /// <summary>The id as it can appear in a one-line message: control characters (newlines, NUL) shown as '?', cut at 80.</summary>
    private static string Printable(string s)
    {
        var shown = string.Create(Math.Min(s.Length, 80), s, (span, src) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(src[i]) ? '?' : src[i];
            }
        });
        return s.Length > 80 ? shown + "…" : shown;
    }

    private static string FirstLine(string s)
    {
        var i = s.IndexOfAny(['\r', '\n']);
        return i < 0 ? s : s[..i];
    }
}
