using PolyMM.Data.Polymarket;

namespace PolyMM.Data.Tests.Polymarket;

public sealed class PolymarketOptionsTests
{
    [Fact]
    public void FromSources_FlagBeatsEnvironmentBeatsDefault()
    {
        var env = new Dictionary<string, string?> { ["MM_GAMMA_URL"] = "http://env-gamma:1/", ["MM_CLOB_URL"] = "http://env-clob:2/" };

        var fromFlag = PolymarketOptions.FromSources("http://flag:3/", null, k => env.GetValueOrDefault(k));
        var defaults = PolymarketOptions.FromSources(null, null, _ => null);

        Assert.Equal(new Uri("http://flag:3/"), fromFlag.GammaBaseUrl);
        Assert.Equal(new Uri("http://env-clob:2/"), fromFlag.ClobBaseUrl);
        Assert.Equal(new Uri(PolymarketOptions.DefaultGammaUrl), defaults.GammaBaseUrl);
        Assert.Equal(new Uri(PolymarketOptions.DefaultClobUrl), defaults.ClobBaseUrl);
    }

    [Fact]
    public void Validate_NonPositiveTimeout_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PolymarketOptions { RequestTimeout = TimeSpan.Zero }.Validate());
    }

    [Fact]
    public void Constructor_BaseUrlWithPathWithoutSlash_KeepsThePath()
    {
        using var http = new HttpClient();
        var options = new PolymarketOptions { GammaBaseUrl = new Uri("http://127.0.0.1:9/gamma") };

        using var client = new PolymarketClient(http, options, TimeProvider.System);

        Assert.Equal(new Uri("http://127.0.0.1:9/gamma/"), client.Options.GammaBaseUrl);
    }
}
