using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Fills;

/// <summary>
/// Decides whether a resting passive order filled against a snapshot that came after it was placed.
/// Implementations hold no per-order state; any randomness is an injected, seeded source.
/// </summary>
public interface IFillModel
{
    /// <summary>The name stored with every execution record (<c>strict</c> or <c>probabilistic</c>).</summary>
    string Name { get; }

    FillEvaluation Evaluate(Side side, decimal limitPrice, decimal shares, in Snapshot snapshot);
}
