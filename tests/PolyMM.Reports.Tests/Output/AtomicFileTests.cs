using System.Text;
using PolyMM.Reports.Analysis;
using PolyMM.Reports.Output;

namespace PolyMM.Reports.Tests.Output;

/// <summary>Outputs are written beside the target and renamed into place (docs/design.md#atomic-outputs).</summary>
public sealed class AtomicFileTests
{
    private static string[] Leftovers(TempDir dir, string keep) =>
        [.. Directory.GetFiles(dir.Path).Select(Path.GetFileName).Where(n => n != keep).OfType<string>()];

    [Fact]
    public void Write_WriterThrowsHalfway_OldFileByteIdenticalAndNoTempLeft()
    {
        using var dir = new TempDir();
        var path = dir.File("report.json");
        var old = Encoding.UTF8.GetBytes("{\"old\": true, \"fills\": 4}\n");
        File.WriteAllBytes(path, old);

        var thrown = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(Encoding.UTF8.GetBytes("{\"new\": tr"));
            stream.Flush();
            throw new InvalidOperationException("writer failed halfway");
        }));

        Assert.Equal("writer failed halfway", thrown.Message);
        Assert.Equal(old, File.ReadAllBytes(path));
        Assert.Empty(Leftovers(dir, "report.json"));
    }

    [Fact]
    public void Write_IOExceptionHalfway_OutputWriteExceptionNamesThePathAndOldFileKept()
    {
        using var dir = new TempDir();
        var path = dir.File("fills.csv");
        File.WriteAllText(path, "a,b\n1,2\n");

        var thrown = Assert.Throws<OutputWriteException>(() => AtomicFile.WriteText(path, w =>
        {
            w.Write("a,b\n3,");
            throw new IOException("No space left on device");
        }));

        Assert.Equal($"cannot write {path}: No space left on device", thrown.Message);
        Assert.Equal("a,b\n1,2\n", File.ReadAllText(path));
        Assert.Empty(Leftovers(dir, "fills.csv"));
    }

    [Fact]
    public void Write_Completes_ReplacesTheFileAndNoTempLeft()
    {
        using var dir = new TempDir();
        var path = dir.File("dash.html");
        File.WriteAllText(path, "old");

        AtomicFile.WriteAllText(path, "<html>new</html>");

        Assert.Equal("<html>new</html>", File.ReadAllText(path));
        Assert.Empty(Leftovers(dir, "dash.html"));
    }

    [Fact]
    public void Write_TempOfAKilledWriter_RemovedAndALiveWritersKept()
    {
        // Stale temporary files are recognised through /proc (Linux, where CI runs).
        Assert.True(OperatingSystem.IsLinux());
        using var dir = new TempDir();
        var path = dir.File("r.json");
        // pid 2147483646 is beyond Linux's pid_max (at most 4194304): that writer is certainly gone; pid 1 is alive.
        File.WriteAllText(dir.File(".r.json.2147483646.0123abcd.tmp"), "{\"half");
        File.WriteAllText(dir.File(".r.json.1.0123abcd.tmp"), "{\"other");

        AtomicFile.WriteAllText(path, "{}");

        Assert.Equal([".r.json.1.0123abcd.tmp"], Leftovers(dir, "r.json"));
    }

    [Theory]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("+1+2", "'+1+2")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "'\rx")]
    [InlineData("'quoted", "''quoted")]
    [InlineData("sample-mkt-1", "sample-mkt-1")]
    [InlineData("BUY", "BUY")]
    [InlineData("", "")]
    public void Neutralize_FormulaLeadCharacters_QuotedOthersUnchangedAndRestoreRoundTrips(string text, string expected)
    {
        var cell = FillsCsv.Neutralize(text);

        Assert.Equal(expected, cell);
        Assert.Equal(text, FillsCsv.Restore(cell));
    }

    [Fact]
    public void Escape_HtmlAndPipesFromData_AreInert()
    {
        var escaped = ReportMarkdownWriter.Escape("<script>alert(1)</script> A&B | C\nD");

        Assert.Equal("&lt;script&gt;alert(1)&lt;/script&gt; A&amp;B \\| C D", escaped);
    }
}
