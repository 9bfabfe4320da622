using System.Net;

namespace PolyMM.FakeVenue.Tests;

public sealed class VenueServerTests
{
    [Fact]
    public async Task StartAsync_MalformedSnapshotLine_ThrowsNamingFileAndLine()
    {
        using var fx = FixtureBuilder.Standard(count: 1, snapshots: 2);
        var dir = fx.Write();
        var file = Path.Combine(dir, "snapshots", fx.Markets[0].Key + ".jsonl");
        File.AppendAllText(file, "{\"best_bid\": 0.4,\n");

        var ex = await Assert.ThrowsAsync<PolyMM.Data.Fixtures.FixtureFormatException>(() => VenueServer.StartAsync(new VenueOptions(dir), CancellationToken.None));

        Assert.Contains(file + ":3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_PortZero_BindsLoopbackAndStopsCleanly()
    {
        using var fx = FixtureBuilder.Standard(count: 2, snapshots: 2);
        var venue = await VenueServer.StartAsync(new VenueOptions(fx.Write()), CancellationToken.None);
        using var http = new HttpClient();

        var ok = await http.GetAsync(new Uri(venue.BaseUrl, "ok"));
        var keysetWithOffset = await http.GetAsync(new Uri(venue.BaseUrl, "markets/keyset?offset=10"));
        await venue.StopAsync(CancellationToken.None);
        await venue.DisposeAsync();

        Assert.Equal("127.0.0.1", venue.BaseUrl.Host);
        Assert.NotEqual(0, venue.BaseUrl.Port);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, keysetWithOffset.StatusCode); // keyset rejects offset, like upstream
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(venue.BaseUrl, "ok")));
    }

    [Fact]
    public void Validate_FaultRatesOverOne_Throws()
    {
        Assert.Throws<ArgumentException>(() => new VenueOptions("x", Fault429: 0.6, Fault500: 0.6).Validate());
    }
}
