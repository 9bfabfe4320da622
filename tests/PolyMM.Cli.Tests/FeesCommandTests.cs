using System.Text.Json;
using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests;

/// <summary><c>mm fees quote</c> (issue 16, item 2): the venue schedule's fee and rebate of one fill.</summary>
public sealed class FeesCommandTests
{
    [Fact]
    public void Quote_DocExample_TakerPays175AndTheMakerEarns35Cents()
    {
        // 100 × 0.07 × 0.5 × 0.5 = 1.75; rebate 0.2 × 1.75 = 0.35.
        var result = Mm.Run("fees", "quote", "--price", "0.5", "--shares", "100", "--rate", "0.07", "--rebate-rate", "0.2", "--json");

        Assert.Equal(0, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(1.75m, doc.RootElement.GetProperty("taker_fee_usd").GetDecimal());
        Assert.Equal(0.35m, doc.RootElement.GetProperty("maker_rebate_usd").GetDecimal());
        Assert.Equal(0m, doc.RootElement.GetProperty("maker_fee_usd").GetDecimal());
    }

    [Fact]
    public void Quote_RealFillNearAHalfCent_FloorsLikeTheChain()
    {
        // 7.042251 × 0.05 × 0.71 × 0.29 = 0.072499974… → 0.07249 on chain (half-up would be 0.07250).
        var result = Mm.Run("fees", "quote", "--price", "0.71", "--shares", "7.042251", "--rate", "0.05");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("taker fee:    0.07249 USD", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Quote_ExponentTwo_UsesTheSquaredCurve()
    {
        // 100 × 0.25 × (0.3 × 0.7)² = 25 × 0.0441 = 1.1025.
        var result = Mm.Run("fees", "quote", "--price", "0.3", "--shares", "100", "--rate", "0.25", "--exponent", "2", "--json");

        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.Equal(1.1025m, doc.RootElement.GetProperty("taker_fee_usd").GetDecimal());
    }

    [Theory]
    [InlineData("1.2", "100", "0.05", "price must be in (0, 1)")]
    [InlineData("0.5", "-1", "0.05", "shares must be >= 0")]
    [InlineData("0.5", "100", "-0.05", "fee rate must be >= 0")]
    public void Quote_BadInput_IsOneLineError(string price, string shares, string rate, string fragment)
    {
        var result = Mm.Run("fees", "quote", "--price", price, "--shares", shares, "--rate", rate);

        Assert.Equal(2, result.ExitCode);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Equal($"error: {fragment} (got {(fragment.StartsWith("price", StringComparison.Ordinal) ? price : fragment.StartsWith("shares", StringComparison.Ordinal) ? shares : rate)})", lines[0]);
    }

    [Fact]
    public void Quote_NegativeRebateRate_IsOneLineError()
    {
        var result = Mm.Run("fees", "quote", "--price", "0.5", "--shares", "10", "--rate", "0.05", "--rebate-rate", "-0.1");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: rebate rate must be in [0, 1]", result.Stderr, StringComparison.Ordinal);
    }
}
