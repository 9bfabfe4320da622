namespace PolyMM.Core.Trust;

/// <summary>One failed check: a stable code, a human message, and the order or lot it concerns.</summary>
public readonly record struct GateIssue(string Code, string Message, string? OrderId = null, long? LotId = null);
