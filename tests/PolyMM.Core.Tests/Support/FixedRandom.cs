using PolyMM.Core.Random;

namespace PolyMM.Core.Tests.Support;

/// <summary>Returns the given draws in order, then repeats the last one.</summary>
internal sealed class FixedRandom(params double[] draws) : IRandomSource
{
    private int _next;

    public double NextDouble() => draws[Math.Min(_next++, draws.Length - 1)];
}
