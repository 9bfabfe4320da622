using PolyMM.Core.Ledger;
using PolyMM.Core.Random;

namespace PolyMM.Core.Tests.Ledger;

public sealed class FillIdSetTests
{
    [Theory]
    [InlineData(1, 20)] // ids from a small range: many duplicates, runs that join from both sides
    [InlineData(2, 2_000)]
    [InlineData(3, 1_000_000)] // sparse: mostly runs of one
    public void AddAndContains_RandomIds_AgreeWithAHashSet(int seed, int range)
    {
        var random = new SeededRandom(seed);
        var set = new FillIdSet();
        var reference = new HashSet<long>();
        for (var i = 0; i < 20_000; i++)
        {
            var id = (long)(random.NextUInt64() % (ulong)range) - 5;
            Assert.Equal(reference.Contains(id), set.Contains(id));
            Assert.Equal(reference.Add(id), set.Add(id));
            Assert.Equal(reference.Count, set.Count);
        }

        for (long id = -10; id < Math.Min(range, 5_000); id++)
        {
            Assert.Equal(reference.Contains(id), set.Contains(id));
        }
    }

    [Fact]
    public void Add_ConsecutiveIds_OneRunAndDuplicatesRefused()
    {
        var set = new FillIdSet();
        for (long id = 1; id <= 100_000; id++)
        {
            Assert.True(set.Add(id));
        }

        Assert.False(set.Add(1));
        Assert.False(set.Add(50_000));
        Assert.False(set.Add(100_000));
        Assert.True(set.Add(100_002)); // a gap: a run of its own
        Assert.True(set.Add(100_001)); // joins both
        Assert.False(set.Contains(0));
        Assert.True(set.Contains(100_001));
        Assert.Equal(100_002, set.Count);
    }
}
