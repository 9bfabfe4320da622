namespace PolyMM.Reports.Dashboard;

/// <summary>The page's inline stylesheet, kept apart from the markup code so each reads on its own.</summary>
internal static class DashboardStyles
{
    /// <summary>Distinct run colours (classes r0 … r7); a ninth run reuses the first colour.</summary>
    public const int RunColours = 8;

    public const string Css = """
        :root { --fg: #1d2330; --muted: #5b6472; --bg: #f3f4f6; --card: #fff; --line: #d9dde3;
                --good: #1a7f37; --bad: #c62828; --equity: #2563eb; --exposure: #d97706;
                --mid: #6b7280; --bid: #16a34a; --ask: #dc2626; --inv: #7c3aed;
                --r0: #2563eb; --r1: #ea580c; --r2: #059669; --r3: #9333ea; --r4: #db2777; --r5: #0891b2;
                --r6: #65a30d; --r7: #475569; }
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
        main > section, article.run { background: var(--card); border: 1px solid var(--line); border-radius: 8px;
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
        .series.s-inv { stroke: var(--inv); stroke-width: 1.5; } .swatch.s-inv { fill: var(--inv); }
        .band { stroke: none; opacity: 0.18; }
        .band.s-mid { fill: var(--mid); } .band.s-bid { fill: var(--bid); } .band.s-ask { fill: var(--ask); }
        .band.s-inv { fill: var(--inv); }
        .chart .zero { stroke: #8a93a0; stroke-dasharray: 3 3; }
        .r0 { --run: var(--r0); } .r1 { --run: var(--r1); } .r2 { --run: var(--r2); } .r3 { --run: var(--r3); }
        .r4 { --run: var(--r4); } .r5 { --run: var(--r5); } .r6 { --run: var(--r6); } .r7 { --run: var(--r7); }
        .series.r0, .series.r1, .series.r2, .series.r3, .series.r4, .series.r5, .series.r6, .series.r7 { stroke: var(--run); }
        .swatch.r0, .swatch.r1, .swatch.r2, .swatch.r3, .swatch.r4, .swatch.r5, .swatch.r6, .swatch.r7,
        .bar.r0, .bar.r1, .bar.r2, .bar.r3, .bar.r4, .bar.r5, .bar.r6, .bar.r7,
        .dot.r0, .dot.r1, .dot.r2, .dot.r3, .dot.r4, .dot.r5, .dot.r6, .dot.r7,
        .band.r0, .band.r1, .band.r2, .band.r3, .band.r4, .band.r5, .band.r6, .band.r7 { fill: var(--run); }
        .swatch-box { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px;
                      vertical-align: -1px; background: var(--run, var(--muted)); }
        .bar.pos { fill: var(--good); } .bar.neg { fill: var(--bad); }
        .sens-band { fill: #fde68a; opacity: 0.55; }
        .warning-line { color: #8a4b00; background: #fff4e0; border-left: 4px solid #d97706; padding: 6px 10px; margin: 6px 0 10px; font-weight: 600; }
        ul.run-legend { list-style: none; margin: 0 0 8px; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 22px; }
        ul.run-legend li { font-weight: 600; }
        ul.run-legend .id { display: inline; margin-left: 6px; font-weight: 400; }
        .wide { max-width: 1100px; }
        tr.differs td { background: #fff8db; }
        table.params td { overflow-wrap: anywhere; max-width: 420px; text-align: left; }
        table.params th { text-align: left; }
        .market-head, .cells { display: grid; grid-template-columns: repeat(var(--runs), minmax(320px, 1fr)); gap: 12px; }
        .market-head { position: sticky; top: 0; background: var(--card); z-index: 1; padding: 4px 0; font-weight: 600; border-bottom: 1px solid var(--line); }
        .markets { overflow-x: auto; }
        .market-row { border-top: 1px solid var(--line); padding-top: 6px; margin-top: 6px; break-inside: avoid; }
        h3.market-title { margin: 4px 0; overflow-wrap: anywhere; }
        .cell .no-data { margin-top: 30px; }
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
          main > section, article.run { border: none; padding: 0; }
          .kpi, figure, table, .market, section.compare { break-inside: avoid; }
          .hit { display: none; }
          footer { padding: 0; }
        }
        """;
}
