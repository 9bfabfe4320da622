using FsCheck;

namespace PolyMM.Core.Tests.Support;

/// <summary>
/// Runs a property over its generated cases and counts, across all of them, how many took each path of
/// interest (a quote placed, a fill, …). A property whose cases never reach the code it is about passes
/// vacuously; <see cref="AssertReached"/> makes that a failure naming the path and the counts.
/// </summary>
internal sealed class PathCoverage
{
    private readonly Dictionary<string, int> _hits = [];

    public int Cases { get; private set; }

    /// <summary>Checks <paramref name="property"/> on <paramref name="maxTest"/> cases; a failing case throws with FsCheck's report.</summary>
    public static void Check(int maxTest, Property property) =>
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithQuietOnSuccess(true), property);

    /// <summary>Call once per generated case, with which of the named paths it took.</summary>
    public void Record(params (string Path, bool Taken)[] paths)
    {
        Cases++;
        foreach (var (path, taken) in paths)
        {
            _hits[path] = _hits.GetValueOrDefault(path) + (taken ? 1 : 0);
        }
    }

    /// <summary>
    /// Each named path was taken by at least its minimum number of cases (every recorded path must be named).
    /// The minimums sit far below the measured rates, so a pass never depends on a lucky draw.
    /// </summary>
    public void AssertReached(params (string Path, int AtLeast)[] minimums)
    {
        var summary = $"{Cases} cases: " + string.Join(", ", _hits.Select(h => $"{h.Key} {h.Value}"));
        Assert.True(Cases > 0, "no case was recorded");
        Assert.Equal(_hits.Keys.Order(StringComparer.Ordinal), minimums.Select(m => m.Path).Order(StringComparer.Ordinal));
        foreach (var (path, atLeast) in minimums)
        {
            Assert.True(_hits[path] >= atLeast, $"only {_hits[path]} generated cases reached '{path}' (want ≥ {atLeast}); {summary}");
        }
    }
}
