namespace PolyMM.Core.Fills;

/// <summary>
/// The outcome of asking a fill model whether a resting order filled against a snapshot.
/// <see cref="Price"/> is meaningful only when <see cref="Filled"/>. <see cref="PriceSource"/> says
/// where the price came from (<c>limit</c>, <c>ltp</c> or <c>midpoint</c>). Diagnostics are the model's
/// inputs and draws, kept so a fill can be explained later.
/// </summary>
public readonly record struct FillEvaluation(
    bool Filled,
    decimal Price,
    string Reason,
    string PriceSource,
    FillDiagnostics Diagnostics)
{
    public static FillEvaluation None(string reason, FillDiagnostics diagnostics) =>
        new(false, 0m, reason, string.Empty, diagnostics);
}
