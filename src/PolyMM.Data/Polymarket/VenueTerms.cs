using System.Diagnostics.CodeAnalysis;

namespace PolyMM.Data.Polymarket;

/// <summary>
/// A market's reward terms or fee schedule read from the venue, or why there is none (docs/design.md#rewards,
/// docs/design.md#fees): a missing, unreadable or negative term is a reason, never a zero.
/// </summary>
public readonly record struct VenueTerms<T>(T? Value, string? NoEstimateReason)
    where T : class
{
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(NoEstimateReason))]
    public bool IsKnown => Value is not null;

#pragma warning disable CA1000 // Factories on the generic type read best at call sites.
    public static VenueTerms<T> Known(T value) => new(value, null);

    public static VenueTerms<T> None(string reason) => new(null, reason);
#pragma warning restore CA1000
}
