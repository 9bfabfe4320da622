using System.Text;
using PolyMM.Data.Fixtures;

namespace PolyMM.Data.Tests.Fixtures;

/// <summary>
/// Bounded, seeded fuzzing of the two fixture parsers: whatever the bytes, the only outcomes are a parse
/// or a <see cref="FixtureFormatException"/> whose message starts with the offending file's path.
/// </summary>
public sealed class FixtureFuzzTests : IDisposable
{
    private const int Seed = 20260206;

    private static readonly string[] ValidLines =
    [
        """{"timestamp":"2026-02-06T02:09:28Z","best_bid":0.4975,"best_ask":0.5025,"mid_price":0.5,"depth_bid_1":1200,"depth_ask_1":1300,"last_trade_price":0.494}""",
        """{"best_bid":"0.48","best_ask":"0.52","mid_price":"0.50","book_source":"gamma_fallback","extra":{"a":[1,2,{"b":null}]}}""",
        """{"timestamp":1770343768000,"best_bid":null,"best_ask":0.9,"book_source":"ltp_fallback","last_trade_price":"0.9"}""",
    ];

    private static readonly string ValidMarkets = """
        [
          {"conditionId":"0xabc","question":"Will it?","slug":"will-it","outcomes":"[\"Yes\",\"No\"]","outcomePrices":["0.5","0.5"]},
          {"id":"sample-mkt-2","title":"Other","tokens":[{"token_id":"1","outcome":"Yes"},{"token_id":"2","outcome":"No"}]},
          {"id":77,"outcomes":["A","B","C"]}
        ]
        """;

    // Fragments that reach the parsers' edge cases: escapes that decode to invalid UTF-16, huge and odd
    // numbers, wrong token kinds, deep nesting, control characters.
    private static readonly string[] Fragments =
    [
        "\\ud800", "\\udc00", "\\u0000", "\\\\", "\"", "NaN", "\"NaN\"", "\"Infinity\"", "1e400", "-1e400", "\"1e400\"",
        "1e-400", "99999999999999999999999999999999", "-0", "true", "null", "{}", "[]", "{", "}", "[", "]", ":", ",",
        "\"best_bid\"", "\"timestamp\"", "\"book_source\"", "\"id\"", "\"outcomes\"", "\"conditionId\"", "\"../x\"", "\"/abs\"",
        "\"\\u0000\"", "\"\\ud800\"", new string('[', 80), "\r", "\n", "\t", "\u00e9", "\uffff",
    ];

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void SnapshotFileReader_RandomAndMutatedLines_OnlyParseOrFixtureFormatException()
    {
        // Arrange
        var rng = new Random(Seed);
        var path = Path.Combine(_dir.Path, "fuzz.jsonl");
        var failures = new List<string>();
        var outcomes = new int[2];

        // Act: 3,000 inputs, each a valid line followed by a random or mutated one.
        for (var i = 0; i < 3000; i++)
        {
            var candidate = i % 4 == 0 ? RandomBytes(rng) : Mutate(rng, Encoding.UTF8.GetBytes(ValidLines[rng.Next(ValidLines.Length)]));
            File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes(ValidLines[0] + "\n"), .. candidate]);
            try
            {
                using var reader = new SnapshotFileReader(path, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(2));
                while (reader.TryRead(out _))
                {
                }

                outcomes[0]++;
            }
            catch (FixtureFormatException e) when (e.Message.StartsWith(path + ":", StringComparison.Ordinal))
            {
                outcomes[1]++;
            }
            catch (Exception e)
            {
                failures.Add($"#{i} {e.GetType().Name}: {e.Message} <- {Convert.ToBase64String(candidate)}");
            }
        }

        // Assert
        Assert.True(failures.Count == 0, $"{failures.Count} unexpected outcomes; first: {string.Join(" | ", failures.Take(3))}");
        Assert.True(outcomes[0] > 100 && outcomes[1] > 100, $"parsed {outcomes[0]}, refused {outcomes[1]}: the mutations should do both");
    }

    [Fact]
    public void FixtureLoad_RandomAndMutatedMarketsJson_OnlyLoadOrFixtureFormatException()
    {
        // Arrange
        var rng = new Random(Seed + 1);
        var marketsPath = Path.Combine(_dir.Path, "markets.json");
        var valid = Encoding.UTF8.GetBytes(ValidMarkets);
        var failures = new List<string>();
        var outcomes = new int[2];

        // Act: 1,500 markets.json files.
        for (var i = 0; i < 1500; i++)
        {
            var candidate = i % 5 == 0 ? RandomBytes(rng) : Mutate(rng, valid);
            File.WriteAllBytes(marketsPath, candidate);
            try
            {
                _ = Fixture.Load(_dir.Path);
                outcomes[0]++;
            }
            catch (FixtureFormatException e) when (e.Message.StartsWith(marketsPath + ":", StringComparison.Ordinal))
            {
                outcomes[1]++;
            }
            catch (Exception e)
            {
                failures.Add($"#{i} {e.GetType().Name}: {e.Message} <- {Convert.ToBase64String(candidate)}");
            }
        }

        // Assert
        Assert.True(failures.Count == 0, $"{failures.Count} unexpected outcomes; first: {string.Join(" | ", failures.Take(3))}");
        Assert.True(outcomes[0] > 50 && outcomes[1] > 50, $"loaded {outcomes[0]}, refused {outcomes[1]}: the mutations should do both");
    }

    private static byte[] RandomBytes(Random rng)
    {
        var bytes = new byte[rng.Next(0, 200)];
        rng.NextBytes(bytes);
        return bytes;
    }

    /// <summary>One to four edits: flip a byte, delete a span, insert a fragment, duplicate a span, or truncate.</summary>
    private static byte[] Mutate(Random rng, byte[] source)
    {
        var bytes = new List<byte>(source);
        var edits = rng.Next(1, 5);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = rng.Next(bytes.Count);
            switch (rng.Next(5))
            {
                case 0:
                    bytes[at] = (byte)rng.Next(256);
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(rng.Next(1, 12), bytes.Count - at));
                    break;
                case 2:
                    bytes.InsertRange(at, Encoding.UTF8.GetBytes(Fragments[rng.Next(Fragments.Length)]));
                    break;
                case 3:
                    var len = Math.Min(rng.Next(1, 20), bytes.Count - at);
                    bytes.InsertRange(rng.Next(bytes.Count), bytes.GetRange(at, len));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}
