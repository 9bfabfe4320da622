using System.Text.Json;
using PolyMM.Data.Fixtures;

namespace PolyMM.Cli.Running;

/// <summary>Reads a whitelist file: a JSON array of condition ids (docs/design.md#whitelist).</summary>
internal static class Whitelist
{
    /// <summary>The ids of <paramref name="explicitPath"/>, else of the bundled default file, else none.</summary>
    public static IReadOnlyList<string> Load(string? explicitPath)
    {
        var path = explicitPath is not null ? Paths.Resolve(explicitPath) : Paths.FindConfig("config/market_making_whitelist.json");
        if (path is null)
        {
            return [];
        }

        if (!File.Exists(path))
        {
            throw new FixtureFormatException($"--whitelist: file not found: {path}");
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FixtureFormatException($"{path}: a whitelist must be a JSON array of condition ids");
            }

            var ids = new List<string>();
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString()))
                {
                    throw new FixtureFormatException($"{path}: whitelist entries must be non-empty strings (got {e.GetRawText()})");
                }

                ids.Add(e.GetString()!);
            }

            return ids;
        }
        catch (JsonException e)
        {
            throw new FixtureFormatException($"{path}:{(e.LineNumber ?? 0) + 1}: not valid JSON");
        }
        catch (InvalidOperationException)
        {
            // JsonDocument does not validate string contents: GetString throws on bytes that are not UTF-8
            // (docs/design.md#whitelist: ids are text).
            throw new FixtureFormatException($"{path}: a whitelist entry is not valid UTF-8 text");
        }
    }
}
