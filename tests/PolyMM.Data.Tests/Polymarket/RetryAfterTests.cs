using PolyMM.Data.Polymarket;

namespace PolyMM.Data.Tests.Polymarket;

public sealed class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0", 0)]
    [InlineData("7", 7)]
    [InlineData(" 120 ", 120)]
    [InlineData("999999", 999999)]
    public void ParseRetryAfter_DeltaSeconds_ReturnsThatMany(string header, long seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), PolymarketClient.ParseRetryAfter(header, Now));

    [Fact]
    public void ParseRetryAfter_DigitsBeyondLong_ClampedToAYear() =>
        Assert.Equal(TimeSpan.FromDays(365), PolymarketClient.ParseRetryAfter("99999999999999999999999", Now));

    [Fact]
    public void ParseRetryAfter_HttpDateNinetySecondsAhead_ReturnsNinetySeconds() =>
        Assert.Equal(TimeSpan.FromSeconds(90), PolymarketClient.ParseRetryAfter("Tue, 01 Dec 2026 09:01:30 GMT", Now));

    [Fact]
    public void ParseRetryAfter_HttpDateInYear9999_ClampedToAYear() =>
        Assert.Equal(TimeSpan.FromDays(365), PolymarketClient.ParseRetryAfter("Fri, 31 Dec 9999 23:59:59 GMT", Now));

    [Fact]
    public void ParseRetryAfter_HttpDateInThePast_Zero() =>
        Assert.Equal(TimeSpan.Zero, PolymarketClient.ParseRetryAfter("Mon, 01 Jan 0001 00:00:00 GMT", Now));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("1.5")]
    public void ParseRetryAfter_Unreadable_Null(string? header) =>
        Assert.Null(PolymarketClient.ParseRetryAfter(header, Now));
}
