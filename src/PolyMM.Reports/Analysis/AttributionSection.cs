using PolyMM.Core.Economics;

namespace PolyMM.Reports.Analysis;

/// <summary>
/// Where the run's P&amp;L came from (docs/analysis.md#pnl-attribution): the run's parts, which add up to
/// <c>pnl.net_pnl_usd</c> exactly, and each market's (rewards and rebates null there while the ledger does not split them
/// by market). Adverse selection is measured <see cref="AdverseHorizonSec"/> after each fill.
/// </summary>
public sealed record AttributionSection(int AdverseHorizonSec, PnlAttributionParts Run, IReadOnlyList<KeyValuePair<string, PnlAttributionParts>> ByMarket);
