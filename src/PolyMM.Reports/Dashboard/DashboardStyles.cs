namespace PolyMM.Reports.Dashboard;

/// <summary>The page's inline stylesheet, kept apart from the markup code so each reads on its own.</summary>
internal static class DashboardStyles
{
    public const string Css = """
        :root { --fg: #1d2330; --muted: #5b6472; --bg: #f3f4f6; --card: #fff; --line: #d9dde3;
                --good: #1a7f37; --bad: #c62828; --equity: #2563eb; --exposure: #d97706;
                --mid: #6b7280; --bid: #16a34a; --ask: #dc2626; }
        * { box-sizing: border-box; }
        body { margin: 0; color: var(--fg); background: var(--bg);
               font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        header.page { padding: 14px 24px; background: #1d2330; color: #fff; }
        header.page h1 { margin: 0; font-size: 20px; font-weight: 600; }
        header.page p { margin: 4px 0 0; color: #c9d1dc; }
        main { padding: 16px 24px; }
        h2 { font-size: 18px; margin: 0 0 4px; }
        h3 { font-size: 15px; margin: 18px 0 6px; }
        .meta { color: var(--muted); margin: 0 0 12px; font-size: 12px; overflow-wrap: anywhere; }
        section.compare, article.run { background: var(--card); border: 1px solid var(--line); border-radius: 8px;
               padding: 16px; margin-bottom: 16px; }
        .runs { display: grid; grid-template-columns: repeat(var(--runs), minmax(0, 1fr)); gap: 16px; }
        .runs > article.run { margin-bottom: 0; }
        @media (max-width: 900px) { .runs { grid-template-columns: minmax(0, 1fr); } }
        .kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(140px, 1fr)); gap: 8px; }
        .kpi { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
        .kpi .label { font-size: 12px; color: var(--muted); }
        .kpi .value { font-size: 19px; font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .kpi .delta { font-size: 12px; color: var(--muted); font-variant-numeric: tabular-nums; }
        .good { color: var(--good) !important; }
        .bad { color: var(--bad) !important; }
        table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 13px; }
        th, td { padding: 4px 6px; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; }
        th { color: var(--muted); font-weight: 600; font-size: 12px; }
        th:first-child, td:first-child { text-align: left; }
        td.market-name { overflow-wrap: anywhere; }
        .id { display: block; color: var(--muted); font-size: 11px; overflow-wrap: anywhere; }
        .table-wrap { overflow-x: auto; }
        figure { margin: 0 0 12px; }
        figcaption { font-weight: 600; font-size: 13px; overflow-wrap: anywhere; }
        .chart { width: 100%; height: auto; display: block; }
        .chart .grid { stroke: #e6e9ee; }
        .chart .axis { stroke: #8a93a0; }
        .chart .tick { font-size: 11px; fill: var(--muted); }
        .chart .axis-label, .chart .legend { font-size: 12px; fill: var(--fg); }
        .series { fill: none; stroke-width: 2; stroke-linejoin: round; stroke-linecap: round; }
        .series.s-equity { stroke: var(--equity); } .swatch.s-equity { fill: var(--equity); }
        .series.s-exposure { stroke: var(--exposure); } .swatch.s-exposure { fill: var(--exposure); }
        .series.s-mid { stroke: var(--mid); stroke-dasharray: 5 3; stroke-width: 1.5; } .swatch.s-mid { fill: var(--mid); }
        .series.s-bid { stroke: var(--bid); stroke-width: 1.5; } .swatch.s-bid { fill: var(--bid); }
        .series.s-ask { stroke: var(--ask); stroke-width: 1.5; } .swatch.s-ask { fill: var(--ask); }
        .hit { fill: transparent; stroke: none; }
        .hit:hover { fill: rgba(29, 35, 48, 0.6); }
        .fill-buy { fill: var(--bid); stroke: #fff; stroke-width: 1; }
        .fill-sell { fill: var(--ask); stroke: #fff; stroke-width: 1; }
        .no-data { color: var(--muted); font-style: italic; border: 1px dashed var(--line); border-radius: 6px;
                   padding: 14px; text-align: center; margin: 0 0 12px; }
        ul.warnings { margin: 10px 0 0; padding-left: 20px; color: #8a4b00; }
        .note { color: var(--muted); font-size: 12px; }
        footer { padding: 0 24px 24px; color: var(--muted); font-size: 12px; }
        @media print {
          @page { size: A4 landscape; margin: 10mm; }
          body { background: #fff; font-size: 11px; }
          header.page { background: none; color: #000; border-bottom: 2px solid #000; padding: 0 0 6px; }
          header.page p { color: #333; }
          main { padding: 8px 0; }
          section.compare, article.run { border: none; padding: 0; }
          .kpi, figure, table, .market, section.compare { break-inside: avoid; }
          .hit { display: none; }
          footer { padding: 0; }
        }
        """;
}
