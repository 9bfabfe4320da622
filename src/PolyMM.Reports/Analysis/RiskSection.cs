namespace PolyMM.Reports.Analysis;

/// <summary>
/// Risk and return of a run (docs/analysis.md#risk-and-return). Returns are fractions of net P&amp;L; capital used is
/// the peak committed exposure (open cost basis + resting bid notional) the engine recorded, or, for runs that did not
/// record it, the peak open cost basis of the fill replay (<see cref="CapitalUsedSource"/> says which).
/// </summary>
public sealed record RiskSection(
    double? ReturnOnBankrollPct,
    decimal CapitalUsedUsd,
    string CapitalUsedSource,
    double? ReturnOnCapitalUsedPct,
    long MinuteReturns,
    double? SharpeAnnualized,
    double? SortinoAnnualized,
    DrawdownStats Drawdown,
    long RoundTrips,
    double? WinRate,
    double? ProfitFactor,
    decimal TurnoverUsd);
