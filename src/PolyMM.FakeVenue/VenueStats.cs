namespace PolyMM.FakeVenue;

/// <summary>What the venue has served so far: requests and the faults it injected, by kind.</summary>
public sealed record VenueStats(long Requests, long Faults429, long Faults500, long FaultsGarbage);
