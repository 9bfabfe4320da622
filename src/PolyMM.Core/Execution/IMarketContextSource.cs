using PolyMM.Core.Fills;

namespace PolyMM.Core.Execution;

/// <summary>The current state of each market as a simulated venue needs it (book, last top, tick), from the engine.</summary>
public interface IMarketContextSource
{
    MatchContext ContextOf(int market);
}
