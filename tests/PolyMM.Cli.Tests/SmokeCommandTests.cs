using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests;

public sealed class SmokeCommandTests
{
    [Fact]
    public void Smoke_SampleFixture_PassesExit0()
    {
        using var dir = new TempDir();

        var result = Mm.Run("smoke", "--work-dir", dir.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("PASS: acceptance checks succeeded", result.Stdout, StringComparison.Ordinal);
        Assert.Equal("SMOKE PASS", result.LastLine);
    }
}
