namespace PolyMM.Core.Random;

/// <summary>Injected uniform randomness, so that the same seed gives the same run.</summary>
public interface IRandomSource
{
    /// <summary>A uniform draw in [0, 1).</summary>
    double NextDouble();
}
