using System.Globalization;
using System.Text;

namespace PolyMM.Reports.Dashboard;

/// <summary>
/// The dashboard's non-time charts as inline SVG: grouped horizontal bars (P&amp;L attribution per run), a
/// markout curve per run over categorical horizons, and vertical bars with a band (fill-model sensitivity).
/// Values are formatted from the exact decimals; geometry is double.
/// </summary>
internal static class SvgBars
{
    private const double Width = 640;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>One bar group per category; one bar per run (null = the run lacks that value).</summary>
    public static string Grouped(string chartKey, string ariaLabel, IReadOnlyList<string> categories, IReadOnlyList<(int Run, string Name, IReadOnlyList<decimal?> Values)> runs)
    {
        const double LabelRight = 128, Left = 230, Right = Width - 80, BarH = 11, Gap = 3, GroupGap = 10, Top = 30;
        var values = runs.SelectMany(r => r.Values).OfType<decimal>().Select(v => (double)v).ToList();
        var lo = Math.Min(0, values.Count > 0 ? values.Min() : 0);
        var hi = Math.Max(0, values.Count > 0 ? values.Max() : 1);
        if (hi - lo < 1e-12)
        {
            hi = lo + 1;
        }

        double X(double v) => Left + ((v - lo) / (hi - lo) * (Right - Left));
        var groupH = (runs.Count * (BarH + Gap)) - Gap;
        var height = Top + (categories.Count * (groupH + GroupGap)) + 28;
        var svg = new StringBuilder();
        svg.Append(Inv, $"<svg class=\"chart bars\" viewBox=\"0 0 {Width} {N(height)}\" style=\"max-width: {Width}px\" role=\"img\" data-chart=\"{HtmlText.Encode(chartKey)}\" aria-label=\"{HtmlText.Encode(ariaLabel)}\">");
        var zero = X(0);
        var lx = Left;
        foreach (var (run, name, _) in runs)
        {
            svg.Append(Inv, $"<rect class=\"swatch r{run % DashboardStyles.RunColours}\" x=\"{N(lx)}\" y=\"8\" width=\"14\" height=\"8\"/><text class=\"legend\" x=\"{N(lx + 18)}\" y=\"16\">{HtmlText.Encode(name)}</text>");
            lx += 30 + (name.Length * 6.5);
        }

        for (var c = 0; c < categories.Count; c++)
        {
            var gy = Top + (c * (groupH + GroupGap));
            svg.Append(Inv, $"<text class=\"legend\" x=\"{N(LabelRight)}\" y=\"{N(gy + (groupH / 2))}\" text-anchor=\"end\" dominant-baseline=\"middle\">{HtmlText.Encode(categories[c])}</text>");
            for (var i = 0; i < runs.Count; i++)
            {
                var (run, name, vals) = runs[i];
                var y = gy + (i * (BarH + Gap));
                if (vals[c] is not { } v)
                {
                    svg.Append(Inv, $"<text class=\"tick\" x=\"{N(zero + 4)}\" y=\"{N(y + (BarH / 2))}\" dominant-baseline=\"middle\">n/a</text>");
                    continue;
                }

                var (x0, x1) = (Math.Min(zero, X((double)v)), Math.Max(zero, X((double)v)));
                var text = DashboardFormat.Usd(v);
                svg.Append(Inv, $"<rect class=\"bar r{run % DashboardStyles.RunColours}\" data-bar=\"{HtmlText.Encode(categories[c])}\" data-run-index=\"{run}\" data-value=\"{DashboardFormat.Raw(v)}\" x=\"{N(x0)}\" y=\"{N(y)}\" width=\"{N(Math.Max(1, x1 - x0))}\" height=\"{N(BarH)}\"><title>{HtmlText.Encode(name)} · {HtmlText.Encode(categories[c])}: {HtmlText.Encode(text)}</title></rect>");
                var (tx, anchor) = v >= 0 ? (x1 + 4, "start") : (x0 - 4, "end");
                svg.Append(Inv, $"<text class=\"tick\" x=\"{N(tx)}\" y=\"{N(y + (BarH / 2))}\" text-anchor=\"{anchor}\" dominant-baseline=\"middle\">{HtmlText.Encode(text)}</text>");
            }
        }

        var bottom = Top + (categories.Count * (groupH + GroupGap)) - GroupGap + 4;
        svg.Append(Inv, $"<line class=\"zero\" x1=\"{N(zero)}\" x2=\"{N(zero)}\" y1=\"{N(Top - 4)}\" y2=\"{N(bottom)}\"/>");
        svg.Append(Inv, $"<text class=\"axis-label\" x=\"{N((Left + Right) / 2)}\" y=\"{N(height - 6)}\" text-anchor=\"middle\">USD (bars start at $0)</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Markout curves: x = the horizons (equal spacing, in order), y = mean per share, a line per run.</summary>
    public static string Markouts(string chartKey, IReadOnlyList<(int Run, string Name, RunMarkouts Markouts)> runs)
    {
        const double Left = 92, Right = Width - 24, Top = 34, Bottom = 210, Height = 250;
        var horizons = runs.SelectMany(r => r.Markouts.Points.Select(p => p.HorizonSec)).Distinct().Order().ToList();
        var values = runs.SelectMany(r => r.Markouts.Points).Select(p => p.MeanPerShare).OfType<decimal>().Select(v => (double)v).ToList();
        var lo = Math.Min(0, values.Count > 0 ? values.Min() : 0);
        var hi = Math.Max(0, values.Count > 0 ? values.Max() : 0.01);
        var pad = hi > lo ? (hi - lo) * 0.1 : 0.01;
        (lo, hi) = (lo - pad, hi + pad);
        double X(decimal h) => horizons.Count == 1 ? (Left + Right) / 2 : Left + (horizons.IndexOf(h) * (Right - Left) / (horizons.Count - 1));
        double Y(double v) => Bottom - ((v - lo) / (hi - lo) * (Bottom - Top));

        var svg = new StringBuilder();
        svg.Append(Inv, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" style=\"max-width: {Width}px\" role=\"img\" data-chart=\"{HtmlText.Encode(chartKey)}\" aria-label=\"Mean markout per share by horizon\">");
        var step = SvgChart.NiceStep((hi - lo) / 4);
        for (var v = Math.Ceiling(lo / step) * step; v <= hi + (step * 1e-9); v += step)
        {
            var zero = Math.Abs(v) < step * 1e-6;
            svg.Append(Inv, $"<line class=\"{(zero ? "zero" : "grid")}\" x1=\"{N(Left)}\" x2=\"{N(Right)}\" y1=\"{N(Y(v))}\" y2=\"{N(Y(v))}\"/>");
            svg.Append(Inv, $"<text class=\"tick\" x=\"{N(Left - 6)}\" y=\"{N(Y(v))}\" text-anchor=\"end\" dominant-baseline=\"middle\">{DashboardFormat.Price(SvgChart.ToDecimal(v, step))}</text>");
        }

        foreach (var h in horizons)
        {
            svg.Append(Inv, $"<text class=\"tick\" x=\"{N(X(h))}\" y=\"{N(Bottom + 16)}\" text-anchor=\"middle\">{HtmlText.Encode(Horizon(h))}</text>");
        }

        svg.Append(Inv, $"<text class=\"axis-label\" transform=\"translate(14 {N((Top + Bottom) / 2)}) rotate(-90)\" text-anchor=\"middle\">Mean per share (price)</text>");
        svg.Append(Inv, $"<text class=\"axis-label\" x=\"{N((Left + Right) / 2)}\" y=\"{N(Height - 6)}\" text-anchor=\"middle\">Time after the fill</text>");
        var lx = Left;
        foreach (var (run, name, _) in runs)
        {
            svg.Append(Inv, $"<rect class=\"swatch r{run % DashboardStyles.RunColours}\" x=\"{N(lx)}\" y=\"8\" width=\"14\" height=\"4\"/><text class=\"legend\" x=\"{N(lx + 18)}\" y=\"14\">{HtmlText.Encode(name)}</text>");
            lx += 30 + (name.Length * 6.5);
        }

        foreach (var (run, name, markouts) in runs)
        {
            var css = $"r{run % DashboardStyles.RunColours}";
            var d = new StringBuilder();
            var pen = false;
            foreach (var (h, mean) in markouts.Points.OrderBy(p => p.HorizonSec))
            {
                if (mean is not { } m)
                {
                    pen = false;
                    continue;
                }

                d.Append(pen ? 'L' : 'M').Append(N(X(h))).Append(',').Append(N(Y((double)m)));
                pen = true;
            }

            svg.Append(Inv, $"<path class=\"series {css}\" data-series=\"markout\" data-run-index=\"{run}\" d=\"{d}\"/>");
            foreach (var (h, mean) in markouts.Points)
            {
                if (mean is { } m)
                {
                    svg.Append(Inv, $"<circle class=\"dot {css}\" data-markout=\"{DashboardFormat.Raw(h)}\" data-run-index=\"{run}\" data-value=\"{DashboardFormat.Raw(m)}\" cx=\"{N(X(h))}\" cy=\"{N(Y((double)m))}\" r=\"3.5\"><title>{HtmlText.Encode(name)} · {HtmlText.Encode(Horizon(h))}: {DashboardFormat.Price(m)} per share</title></circle>");
                }
            }
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Net P&amp;L per fill model as vertical bars over the band the models span.</summary>
    public static string Sensitivity(string chartKey, SensitivityData data)
    {
        const double Left = 92, Right = Width - 14, Top = 24, Bottom = 200, Height = 240;
        var values = data.Models.Select(m => m.NetPnlUsd).Append(data.BandMinNetPnlUsd).Append(data.BandMaxNetPnlUsd)
            .OfType<decimal>().Select(v => (double)v).ToList();
        var lo = Math.Min(0, values.Count > 0 ? values.Min() : 0);
        var hi = Math.Max(0, values.Count > 0 ? values.Max() : 1);
        var pad = hi > lo ? (hi - lo) * 0.1 : 1;
        (lo, hi) = (lo - pad, hi + pad);
        double Y(double v) => Bottom - ((v - lo) / (hi - lo) * (Bottom - Top));
        var slot = (Right - Left) / Math.Max(1, data.Models.Count);

        var svg = new StringBuilder();
        svg.Append(Inv, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" style=\"max-width: {Width}px\" role=\"img\" data-chart=\"{HtmlText.Encode(chartKey)}\" aria-label=\"Net P&amp;L by fill model\">");
        if (data.BandMinNetPnlUsd is { } bMin && data.BandMaxNetPnlUsd is { } bMax)
        {
            var (y0, y1) = (Y((double)Math.Max(bMin, bMax)), Y((double)Math.Min(bMin, bMax)));
            svg.Append(Inv, $"<rect class=\"sens-band\" data-band=\"net_pnl\" x=\"{N(Left)}\" y=\"{N(y0)}\" width=\"{N(Right - Left)}\" height=\"{N(Math.Max(1, y1 - y0))}\"><title>band {DashboardFormat.Usd(bMin)} to {DashboardFormat.Usd(bMax)}</title></rect>");
            svg.Append(Inv, $"<text class=\"tick\" x=\"{N(Right - 4)}\" y=\"{N(y0 - 4)}\" text-anchor=\"end\">band {HtmlText.Encode(DashboardFormat.Usd(bMin))} … {HtmlText.Encode(DashboardFormat.Usd(bMax))}</text>");
        }

        var step = SvgChart.NiceStep((hi - lo) / 4);
        for (var v = Math.Ceiling(lo / step) * step; v <= hi + (step * 1e-9); v += step)
        {
            var zero = Math.Abs(v) < step * 1e-6;
            svg.Append(Inv, $"<line class=\"{(zero ? "zero" : "grid")}\" x1=\"{N(Left)}\" x2=\"{N(Right)}\" y1=\"{N(Y(v))}\" y2=\"{N(Y(v))}\"/>");
            svg.Append(Inv, $"<text class=\"tick\" x=\"{N(Left - 6)}\" y=\"{N(Y(v))}\" text-anchor=\"end\" dominant-baseline=\"middle\">{DashboardFormat.Usd(SvgChart.ToDecimal(v, step))}</text>");
        }

        svg.Append(Inv, $"<text class=\"axis-label\" transform=\"translate(14 {N((Top + Bottom) / 2)}) rotate(-90)\" text-anchor=\"middle\">Net P&amp;L (USD)</text>");
        for (var i = 0; i < data.Models.Count; i++)
        {
            var m = data.Models[i];
            var cx = Left + (slot * (i + 0.5));
            var w = Math.Min(60, slot * 0.6);
            svg.Append(Inv, $"<text class=\"tick\" x=\"{N(cx)}\" y=\"{N(Bottom + 16)}\" text-anchor=\"middle\">{HtmlText.Encode(m.Model)}</text>");
            if (m.NetPnlUsd is not { } v)
            {
                svg.Append(Inv, $"<text class=\"tick\" x=\"{N(cx)}\" y=\"{N(Y(0) - 4)}\" text-anchor=\"middle\">n/a</text>");
                continue;
            }

            var (y0, y1) = (Math.Min(Y(0), Y((double)v)), Math.Max(Y(0), Y((double)v)));
            svg.Append(Inv, $"<rect class=\"bar {(v >= 0 ? "pos" : "neg")}\" data-model=\"{HtmlText.Encode(m.Model)}\" data-value=\"{DashboardFormat.Raw(v)}\" x=\"{N(cx - (w / 2))}\" y=\"{N(y0)}\" width=\"{N(w)}\" height=\"{N(Math.Max(1, y1 - y0))}\"><title>{HtmlText.Encode(m.Model)}: net {HtmlText.Encode(DashboardFormat.Usd(v))}</title></rect>");
            svg.Append(Inv, $"<text class=\"tick\" x=\"{N(cx)}\" y=\"{N(v >= 0 ? y0 - 4 : y1 + 12)}\" text-anchor=\"middle\">{HtmlText.Encode(DashboardFormat.Usd(v))}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>A horizon in seconds as a reader says it: 1 s, 10 s, 1 min, 5 min, 1 h.</summary>
    public static string Horizon(decimal seconds) =>
        seconds >= 3600 && seconds % 3600 == 0 ? $"{(seconds / 3600).ToString("0.##", Inv)} h"
        : seconds >= 60 && seconds % 60 == 0 ? $"{(seconds / 60).ToString("0.##", Inv)} min"
        : $"{seconds.ToString("0.###", Inv)} s";

    private static string N(double v) => SvgChart.N(v);
}
