namespace PolyMM.Reports.Dashboard;

/// <summary>How a KPI is shown: money, a fraction shown as a percentage, or a count.</summary>
public enum KpiKind
{
    Usd,
    Percent,
    Count,
}
