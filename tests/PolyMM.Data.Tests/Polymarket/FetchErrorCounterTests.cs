using Microsoft.Extensions.Time.Testing;
using PolyMM.Data.Polymarket;

namespace PolyMM.Data.Tests.Polymarket;

public sealed class FetchErrorCounterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 2, 6, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Count_ConcurrentFromManyThreads_CountsEveryErrorByKind()
    {
        var counter = new FetchErrorCounter(new FakeTimeProvider(T0));
        var e429 = new FetchError(FetchErrorKinds.Http429, "slow down", true);
        var e5xx = new FetchError(FetchErrorKinds.Http5xx, "boom", true);

        Parallel.For(0, 10_000, i => counter.Count(i % 4 == 0 ? e429 : e5xx));

        Assert.Equal(2_500, counter[FetchErrorKinds.Http429]);
        Assert.Equal(7_500, counter[FetchErrorKinds.Http5xx]);
        Assert.Equal(0, counter[FetchErrorKinds.Dns]);
        Assert.Equal(10_000, counter.Total);
        Assert.Equal([FetchErrorKinds.Http429, FetchErrorKinds.Http5xx], counter.Snapshot().Keys);
    }

    [Fact]
    public void CountAndDescribe_SameKindWithinAMinute_LogsOnceThenReportsSuppressed()
    {
        var time = new FakeTimeProvider(T0);
        var counter = new FetchErrorCounter(time);
        var error = new FetchError(FetchErrorKinds.Timeout, "no answer", true) { Host = "clob.example" };

        var first = counter.CountAndDescribe(error);
        time.Advance(TimeSpan.FromSeconds(30));
        var second = counter.CountAndDescribe(error);
        var otherKind = counter.CountAndDescribe(error with { Kind = FetchErrorKinds.BadJson });
        time.Advance(TimeSpan.FromSeconds(31));
        var third = counter.CountAndDescribe(error);

        Assert.Equal("fetch error timeout (clob.example): no answer", first);
        Assert.Null(second);
        Assert.NotNull(otherKind);
        Assert.Equal("fetch error timeout (clob.example): no answer (+1 more timeout since last report)", third);
        Assert.Equal(3, counter[FetchErrorKinds.Timeout]);
    }
}
