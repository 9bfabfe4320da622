using System.Text.Json;
using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests;

/// <summary><c>mm rewards score</c> (issue 16, item 1): the venue's worked example to the digit, and bad input.</summary>
public sealed class RewardsCommandTests
{
    // Other makers' YES book: best bid 0.495 (480), best ask 0.51 (750); 0.498 × 10 is below the min size 50.
    private const string Book = """
        {"market":"0x4319","asset_id":"11118888","timestamp":"1790000000000","hash":"0000000000000000000000000000000000000000",
         "bids":[{"price":"0.45","size":"2000"},{"price":"0.495","size":"480"},{"price":"0.498","size":"10"}],
         "asks":[{"price":"0.56","size":"2000"},{"price":"0.51","size":"750"}],
         "min_order_size":"5","tick_size":"0.001","neg_risk":false}
        """;

    // The venue's worked example (mid 0.50, v = 3c): Q_one from 100 @0.49, 200 @0.48 and a NO ask 100 @0.51; Q_two from
    // an ask 100 @0.515 (s = 1.5c), a NO bid 100 @0.48 (s = 2c) and an ask 200 @0.505 (s = 0.5c); plus two that do not
    // score: 0.46 is 4c away, 20 shares are below the min size.
    private const string Quotes = """
        [{"token":"YES","side":"BUY","price":0.49,"size":100},
         {"token":"YES","side":"BUY","price":0.48,"size":200},
         {"token":"NO","side":"SELL","price":0.51,"size":100},
         {"token":"YES","side":"SELL","price":0.515,"size":100},
         {"token":"no","side":"buy","price":"0.48","size":"100"},
         {"token":"YES","side":"SELL","price":0.505,"size":200},
         {"token":"YES","side":"BUY","price":0.46,"size":100},
         {"token":"YES","side":"BUY","price":0.49,"size":20}]
        """;

    private static MmResult Score(TempDir dir, string book, string quotes, params string[] extra)
    {
        File.WriteAllText(dir.File("book.json"), book);
        File.WriteAllText(dir.File("quotes.json"), quotes);
        return Mm.Run(["rewards", "score", "--book", dir.File("book.json"), "--quotes", dir.File("quotes.json"), .. extra]);
    }

    private static void AssertOneLineError(MmResult result, string fragment)
    {
        Assert.Equal(2, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        Assert.Contains(fragment, lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Score_VenueWorkedExample_JsonGivesTheScoresToTheDigitAndTheDailyEstimate()
    {
        using var dir = new TempDir();

        var result = Score(dir, Book, Quotes, "--max-spread-cents", "3", "--min-size", "50", "--daily-rate", "100", "--json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        var root = doc.RootElement;
        // Q_one = (2/3)²·100 + (1/3)²·200 + (2/3)²·100 = 111.111…; Q_two = (1.5/3)²·100 + (1/3)²·100 + (2.5/3)²·200 = 175;
        // Q_min = max(min(111.11, 175), max(111.11, 175) / 3) = 111.111…
        Assert.Equal(0.5m, root.GetProperty("midpoint").GetDecimal());
        Assert.Equal(111.111111m, root.GetProperty("q_one").GetDecimal());
        Assert.Equal(175m, root.GetProperty("q_two").GetDecimal());
        Assert.Equal(111.111111m, root.GetProperty("q_min").GetDecimal());
        Assert.Equal(6, root.GetProperty("eligible_quotes").GetInt32());
        // Book as one maker: 0.025²·480 / 0.0009 = 333.33 each side → share = 111.11 / (111.11 + 333.33) = 0.25;
        // $100/day × 0.25 = $25/day; per one-minute sample 25 / 1440 = 0.017361.
        Assert.Equal(333.333333m, root.GetProperty("book_q_min").GetDecimal());
        Assert.Equal(0.25m, root.GetProperty("share").GetDecimal());
        Assert.Equal(25m, root.GetProperty("estimated_daily_reward_usd").GetDecimal());
        Assert.Equal(0.017361m, root.GetProperty("estimated_sample_reward_usd").GetDecimal());
        Assert.Equal("estimated_q_score", root.GetProperty("reward_source").GetString());
        var far = root.GetProperty("quotes")[6];
        Assert.False(far.GetProperty("eligible").GetBoolean());
        Assert.Contains("beyond the max spread", far.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Score_WithoutDailyRate_GivesTheShareButNoUsd()
    {
        using var dir = new TempDir();

        var result = Score(dir, Book, Quotes, "--max-spread-cents", "3", "--min-size", "50", "--json");

        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(0.25m, doc.RootElement.GetProperty("share").GetDecimal());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("estimated_daily_reward_usd").ValueKind);
    }

    [Fact]
    public void Score_HumanOutput_ShowsEachQuoteTheScoresAndTheShare()
    {
        using var dir = new TempDir();

        var result = Score(dir, Book, Quotes, "--max-spread-cents", "3", "--min-size", "50", "--daily-rate", "100");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("Midpoint 0.5 ", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(result.StdoutLines, l => l.StartsWith("ours", StringComparison.Ordinal) && l.Contains("111.111111", StringComparison.Ordinal) && l.Contains("175", StringComparison.Ordinal));
        Assert.Contains(result.StdoutLines, l => l.Contains("size 20 below the minimum 50", StringComparison.Ordinal));
        Assert.Contains("Share of the book's Q_min: 25 %; estimated reward 25 USD/day", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_BookWithOneSideBelowTheMinSize_IsNoEstimateNotZero()
    {
        using var dir = new TempDir();
        // No ask of at least 5000 shares anywhere: there is no adjusted midpoint.
        var result = Score(dir, Book, Quotes, "--max-spread-cents", "3", "--min-size", "5000", "--json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.StartsWith("no midpoint", doc.RootElement.GetProperty("no_estimate_reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("q_min").ValueKind);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("share").ValueKind);
    }

    [Theory]
    [InlineData("0", "50", "max spread must be > 0")]
    [InlineData("3", "-1", "min size must be >= 0")]
    public void Score_BadTerms_IsOneLineError(string spread, string minSize, string fragment)
    {
        using var dir = new TempDir();

        AssertOneLineError(Score(dir, Book, Quotes, "--max-spread-cents", spread, "--min-size", minSize), fragment);
    }

    [Fact]
    public void Score_NegativeDailyRate_IsOneLineError()
    {
        using var dir = new TempDir();

        AssertOneLineError(Score(dir, Book, Quotes, "--max-spread-cents", "3", "--min-size", "50", "--daily-rate", "-5"), "daily rate must be >= 0");
    }

    [Theory]
    [InlineData("""[{"token":"MAYBE","side":"BUY","price":0.5,"size":10}]""", "quote 1: token must be YES or NO")]
    [InlineData("""[{"token":"YES","side":"BUY","price":1.5,"size":10}]""", "quote 1: price must be in (0, 1)")]
    [InlineData("""[{"token":"YES","side":"BUY","price":0.5}]""", "quote 1: \"size\" missing")]
    [InlineData("""[{"token":"YES","side":"HOLD","price":0.5,"size":10}]""", "side must be BUY or SELL")]
    [InlineData("""{"token":"YES"}""", "expected a JSON list of quotes")]
    [InlineData("""[{"token":"YES",""", "not valid JSON")]
    public void Score_BadQuotes_IsOneLineErrorNamingTheQuote(string quotes, string fragment)
    {
        using var dir = new TempDir();

        AssertOneLineError(Score(dir, Book, quotes, "--max-spread-cents", "3", "--min-size", "50"), fragment);
    }

    [Fact]
    public void Score_BadOrMissingBook_IsOneLineError()
    {
        using var dir = new TempDir();

        AssertOneLineError(Score(dir, """{"bids":[]}""", Quotes, "--max-spread-cents", "3", "--min-size", "50"), "--book");
        AssertOneLineError(Mm.Run("rewards", "score", "--book", dir.File("none.json"), "--quotes", dir.File("quotes.json"), "--max-spread-cents", "3", "--min-size", "50"),
            "--book: file not found");
    }
}
