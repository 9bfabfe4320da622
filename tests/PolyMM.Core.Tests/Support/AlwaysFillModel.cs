using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Tests.Support;

/// <summary>Fills every evaluated order at its limit: isolates engine ordering from fill rules.</summary>
internal sealed class AlwaysFillModel : IFillModel
{
    public string Name => "always";

    public FillEvaluation Evaluate(Side side, decimal limitPrice, decimal shares, in Snapshot snapshot) =>
        new(true, limitPrice, "always", "limit", default);
}
