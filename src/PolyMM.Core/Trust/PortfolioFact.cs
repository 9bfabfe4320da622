namespace PolyMM.Core.Trust;

/// <summary>A stored portfolio row.</summary>
public readonly record struct PortfolioFact(
    decimal Bankroll,
    decimal Cash,
    decimal TotalValue,
    decimal Realized,
    decimal Unrealized,
    decimal Fees);
