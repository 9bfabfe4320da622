using Microsoft.Extensions.Time.Testing;
using PolyMM.Data.Polymarket;

namespace PolyMM.Data.Tests.Polymarket;

public sealed class TokenBucketTests
{
    [Fact]
    public void Reserve_BeyondBurst_WaitsOneRefillIntervalPerExtraRequest()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var bucket = new TokenBucket(ratePerSecond: 10, capacity: 2, time);

        var waits = Enumerable.Range(0, 4).Select(_ => bucket.Reserve()).ToArray();

        // 2 free tokens, then the 3rd waits 1/10 s and the 4th 2/10 s.
        Assert.Equal([TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromSeconds(0.1), TimeSpan.FromSeconds(0.2)], waits);
    }

    [Fact]
    public void Reserve_AfterIdleTime_RefillsButNotPastCapacity()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var bucket = new TokenBucket(ratePerSecond: 10, capacity: 2, time);
        bucket.Reserve();
        bucket.Reserve();

        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.Equal(TimeSpan.Zero, bucket.Reserve());
        Assert.True(bucket.Reserve() > TimeSpan.Zero);
    }
}
