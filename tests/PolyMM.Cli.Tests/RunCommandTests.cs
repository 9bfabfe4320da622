using PolyMM.Cli.Tests.Support;

namespace PolyMM.Cli.Tests;

public sealed class RunCommandTests
{
    [Fact]
    public void Run_SampleFixture_PrintsRunCompleteLineLast()
    {
        using var dir = new TempDir();

        var result = Mm.Run("run", "--db", dir.File("t.db"), "--run-tag", "T1");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^Run complete: run_id=mm-\d{8}T\d{6}-[0-9a-f]{6} run_tag=T1 fills=4$", result.LastLine);
    }
}
