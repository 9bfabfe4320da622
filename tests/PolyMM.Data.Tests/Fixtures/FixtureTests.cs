using PolyMM.Data.Fixtures;

namespace PolyMM.Data.Tests.Fixtures;

public sealed class FixtureTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string MarketsPath => Path.Combine(_dir.Path, "markets.json");

    private Fixture LoadMarkets(string json)
    {
        _dir.Write("markets.json", json);
        return Fixture.Load(_dir.Path);
    }

    private FixtureFormatException LoadFails(string json)
    {
        _dir.Write("markets.json", json);
        return Assert.Throws<FixtureFormatException>(() => Fixture.Load(_dir.Path));
    }

    [Fact]
    public void Load_OutcomesAsList_IsBinaryWithTitleSlugAndSnapshotPath()
    {
        var f = LoadMarkets("""[{"id":"m1","question":"Will it?","slug":"will-it","outcomes":["Yes","No"]}]""");

        var m = Assert.Single(f.Markets);
        Assert.Equal("m1", m.Info.Id);
        Assert.Equal("Will it?", m.Info.Title);
        Assert.Equal("will-it", m.Info.Slug);
        Assert.True(m.Info.IsBinary);
        Assert.Equal(Path.Combine(_dir.Path, "snapshots", "m1.jsonl"), m.SnapshotPath);
    }

    [Fact]
    public void Load_GammaShapedEconomics_RewardTermsAndFeeScheduleParsed()
    {
        var f = LoadMarkets("""
            [{"id":"m1","outcomes":["Yes","No"],"rewardsMaxSpread":"3.5","rewardsMinSize":20,"clobRewards":[{"rewardsDailyRate":150},{"rewardsDailyRate":"50"}],
              "feeSchedule":{"rate":0.05,"exponent":1,"rebateRate":0.25}},
             {"id":"m2","outcomes":["Yes","No"]},
             {"id":"m3","outcomes":["Yes","No"],"rewardsMaxSpread":3,"feeSchedule":{"rate":-0.1,"exponent":1,"rebateRate":0}}]
            """);

        // 3.5 cents = 0.035 in price units; the daily rate sums the clobRewards entries: 150 + 50 = 200.
        var e = f.Markets[0].Economics!;
        Assert.Equal((0.035m, 20m, 200m), (e.Rewards!.MaxSpread, e.Rewards.MinSize, e.Rewards.DailyRate));
        Assert.Equal((0.05m, 1m, 0.25m), (e.Fees!.Rate, e.Fees.Exponent, e.Fees.RebateRate));
        Assert.Empty(e.Warnings("m1"));
        // No economics stated: nothing known and nothing to warn about.
        Assert.Equal((null, null), (f.Markets[1].Economics!.Rewards, f.Markets[1].Economics!.Fees));
        Assert.Empty(f.Markets[1].Economics!.Warnings("m2"));
        // Stated but unusable: no terms, one warning each, never a zero counted as known.
        var bad = f.Markets[2].Economics!;
        Assert.Equal((null, null), (bad.Rewards, bad.Fees));
        Assert.Equal(2, bad.Warnings("m3").Count());
        Assert.StartsWith("warning: market m3: reward terms unusable (", bad.Warnings("m3").First(), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OutcomesAsJsonEncodedString_IsBinary()
    {
        // Gamma sends list fields as a JSON array inside a string.
        var f = LoadMarkets("""[{"conditionId":"0xabc","outcomes":"[\"Yes\", \"No\"]"}]""");

        var m = Assert.Single(f.Markets);
        Assert.Equal("0xabc", m.Info.Id);
        Assert.True(m.Info.IsBinary);
    }

    [Fact]
    public void Load_TwoTokensWithoutOutcomes_IsBinary()
    {
        var f = LoadMarkets("""[{"id":"m1","tokens":[{"token_id":"1"},{"token_id":"2"}]}]""");

        Assert.True(Assert.Single(f.Markets).Info.IsBinary);
    }

    [Fact]
    public void Load_TwoOutcomePricesAsEncodedString_IsBinary()
    {
        var f = LoadMarkets("""[{"id":"m1","outcomePrices":"[\"0.5\",\"0.5\"]"}]""");

        Assert.True(Assert.Single(f.Markets).Info.IsBinary);
    }

    [Fact]
    public void Load_ThreeOutcomes_IsNotBinary()
    {
        var f = LoadMarkets("""[{"id":"m1","outcomes":["A","B","C"],"tokens":[{},{}]}]""");

        // outcomes decides when present, even if tokens has 2.
        Assert.False(Assert.Single(f.Markets).Info.IsBinary);
    }

    [Fact]
    public void Load_NoOutcomeInformation_IsNotBinary()
    {
        var f = LoadMarkets("""[{"id":"m1"}]""");

        Assert.False(Assert.Single(f.Markets).Info.IsBinary);
    }

    [Fact]
    public void Load_NumericIdAndNoQuestion_UsesIdTextAsTitle()
    {
        var f = LoadMarkets("""[{"id":12345}]""");

        var m = Assert.Single(f.Markets);
        Assert.Equal("12345", m.Info.Id);
        Assert.Equal("12345", m.Info.Title);
    }

    [Fact]
    public void Load_MissingId_ErrorNamesMarketsJsonAndIndex()
    {
        var e = LoadFails("""[{"id":"m1"},{"question":"no id"}]""");

        Assert.Equal($"{MarketsPath}: market #2 has neither conditionId nor id", e.Message);
    }

    [Fact]
    public void Load_DuplicateIds_KeepsTheFirstOnly()
    {
        // Two entries would replay the same snapshot file twice; the loader keeps the first one.
        var f = LoadMarkets("""[{"id":"m1","question":"first"},{"id":"m2"},{"id":"m1","question":"second"}]""");

        Assert.Equal(["m1", "m2"], f.Markets.Select(m => m.Info.Id));
        Assert.Equal("first", f.Markets[0].Info.Title);
    }

    [Fact]
    public void Load_NotAnArray_ErrorAtLine1()
    {
        var e = LoadFails("""{"id":"m1"}""");

        Assert.Equal($"{MarketsPath}:1: expected a JSON array of market objects", e.Message);
    }

    [Fact]
    public void Load_ElementNotAnObject_ErrorNamesIndex()
    {
        var e = LoadFails("""[{"id":"m1"}, 42]""");

        Assert.Equal($"{MarketsPath}: market #2 is not a JSON object", e.Message);
    }

    [Fact]
    public void Load_InvalidJsonOnLine3_ErrorNamesLine3()
    {
        var e = LoadFails("[\n  {\"id\":\"m1\"},\n  {\"id\": }\n]");

        Assert.StartsWith($"{MarketsPath}:3: not valid JSON (", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Load_EmptyFile_ErrorNamesFile()
    {
        var e = LoadFails(string.Empty);

        Assert.StartsWith($"{MarketsPath}:1: not valid JSON", e.Message);
    }

    [Fact]
    public void Load_NoMarketsJson_ErrorNamesIt()
    {
        var e = Assert.Throws<FixtureFormatException>(() => Fixture.Load(_dir.Path));

        Assert.Equal($"{MarketsPath}: file not found (a fixture needs markets.json)", e.Message);
    }

    [Fact]
    public void Load_MissingDirectory_ErrorNamesDirectory()
    {
        var missing = Path.Combine(_dir.Path, "nope");

        var e = Assert.Throws<FixtureFormatException>(() => Fixture.Load(missing));

        Assert.Equal($"fixture directory not found: {missing}", e.Message);
    }

    [Fact]
    public void Load_ProfileDefault_MeansTheDirectoryItself_OtherProfileIsASubdirectory()
    {
        _dir.Write("markets.json", """[{"id":"top"}]""");
        _dir.Write("p1/markets.json", """[{"id":"sub"}]""");

        var top = Fixture.Load(_dir.Path, "default");
        var sub = Fixture.Load(_dir.Path, "p1");

        Assert.Equal("top", Assert.Single(top.Markets).Info.Id);
        Assert.Equal("sub", Assert.Single(sub.Markets).Info.Id);
        Assert.Equal(Path.Combine(_dir.Path, "p1", "snapshots", "sub.jsonl"), sub.Markets[0].SnapshotPath);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("../escape")]
    [InlineData("..")]
    [InlineData("x..y")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\\\b")]
    [InlineData("nul\\u0000byte")]
    [InlineData("")]
    [InlineData(" ")]
    public void Load_IdThatIsNotAPlainFileName_IsRefused(string jsonEscapedId)
    {
        var e = LoadFails($$"""[{"id":"{{jsonEscapedId}}"}]""");

        Assert.StartsWith($"{MarketsPath}: market ", e.Message);
        Assert.DoesNotContain('\0', e.Message);
    }

    [Fact]
    public void Load_IdWithPathSeparator_MessageSaysItIsNotAPlainFileName()
    {
        var e = LoadFails("""[{"id":"../../etc/passwd"}]""");

        Assert.Equal($"{MarketsPath}: market id '../../etc/passwd' is not a plain file name (it would reach outside the fixture directory)", e.Message);
    }

    [Fact]
    public void Load_IdWithNul_IsRefusedWithTheNulShownAsQuestionMark()
    {
        var e = LoadFails("""[{"id":"a\u0000b"}]""");

        Assert.Equal($"{MarketsPath}: market id 'a?b' is not a plain file name (it would reach outside the fixture directory)", e.Message);
    }

    [Fact]
    public void Load_LongIdWithNewline_MessageStaysOneLineAndIsCut()
    {
        var id = "x/\\n" + new string('y', 100);

        var e = LoadFails($$"""[{"id":"{{id}}"}]""");

        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal($"{MarketsPath}: market id 'x/?{new string('y', 77)}…' is not a plain file name (it would reach outside the fixture directory)", e.Message);
    }

    [Fact]
    public void Load_InvalidUtf8InAString_ErrorNamesMarketsJsonAndMarket()
    {
        var bytes = "[{\"id\":\"m1\"},{\"id\":\"m"u8.ToArray().Concat(new byte[] { 0xFF }).Concat("\"}]"u8.ToArray()).ToArray();
        _dir.WriteBytes("markets.json", bytes);

        var e = Assert.Throws<FixtureFormatException>(() => Fixture.Load(_dir.Path));

        Assert.StartsWith($"{MarketsPath}: market #2 has a string that is not valid text (", e.Message);
    }

    [Fact]
    public void Load_UnpairedSurrogateEscapeInTitle_ErrorNamesMarketsJsonAndMarket()
    {
        var e = LoadFails("""[{"id":"m1","question":"\ud800"}]""");

        Assert.StartsWith($"{MarketsPath}: market #1 has a string that is not valid text (", e.Message);
    }
}
