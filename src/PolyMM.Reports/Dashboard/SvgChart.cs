using System.Globalization;
using System.Text;

namespace PolyMM.Reports.Dashboard;

/// <summary>
/// A time-series chart drawn server-side as inline SVG, so the page needs no script and no network.
/// Hover values come from SVG &lt;title&gt; elements, which every browser shows as a tooltip.
/// Coordinates are double (drawing only); the values in tooltips are formatted from the exact decimals.
/// </summary>
internal sealed class SvgChart(string ariaLabel, string yAxisLabel, Func<decimal, string> formatValue)
{
    // viewBox units; the SVG scales to its column width.
    private const double Width = 640;
    private const double Height = 270;
    private const double PlotLeft = 92;
    private const double PlotRight = Width - 14;
    private const double PlotTop = 30;
    private const double PlotBottom = Height - 44;

    // Above this many points a line is thinned to the min and max of each bucket: the shape (and every
    // extreme) survives while the file stays small enough to open quickly.
    private const int MaxLinePoints = 1200;

    // Hover targets per line; more would bloat the page without helping a reader.
    private const int MaxHoverPoints = 80;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly List<(string Key, string Label, string CssClass, IReadOnlyList<TimePoint> Points, bool Step)> _lines = [];
    private readonly List<FillMarker> _fills = [];

    public bool HasData => _fills.Count > 0 || _lines.Any(l => l.Points.Any(p => p.Value is not null));

    // step: a price that holds until the next point (a resting quote) is drawn as a step, not a slope.
    public void AddLine(string key, string label, string cssClass, IReadOnlyList<TimePoint> points, bool step = false) =>
        _lines.Add((key, label, cssClass, Thin(points, MaxLinePoints), step));

    public void AddFills(IReadOnlyList<FillMarker> fills) => _fills.AddRange(fills);

    public string Render(string chartKey)
    {
        var xs = _lines.SelectMany(l => l.Points.Where(p => p.Value is not null).Select(p => Seconds(p.Time)))
            .Concat(_fills.Select(f => Seconds(f.Time))).ToList();
        var ys = _lines.SelectMany(l => l.Points.Where(p => p.Value is not null).Select(p => (double)p.Value!.Value))
            .Concat(_fills.Select(f => (double)f.Price)).ToList();
        if (xs.Count == 0)
        {
            throw new InvalidOperationException("Render needs data; check HasData first.");
        }

        var (xMin, xMax) = (xs.Min(), xs.Max());
        if (xMax - xMin < 1)
        {
            (xMin, xMax) = (xMin - 30, xMax + 30);
        }

        var (yMin, yMax) = (ys.Min(), ys.Max());
        var pad = yMax > yMin ? (yMax - yMin) * 0.08 : Math.Max(Math.Abs(yMax) * 0.05, 0.01);
        (yMin, yMax) = (yMin - pad, yMax + pad);

        double X(double seconds) => PlotLeft + ((seconds - xMin) / (xMax - xMin) * (PlotRight - PlotLeft));
        double Y(double value) => PlotBottom - ((value - yMin) / (yMax - yMin) * (PlotBottom - PlotTop));

        var svg = new StringBuilder();
        svg.Append(Inv, $"<svg class=\"chart\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" data-chart=\"{HtmlText.Encode(chartKey)}\" aria-label=\"{HtmlText.Encode(ariaLabel)}\">");
        AppendYAxis(svg, yMin, yMax, Y);
        AppendXAxis(svg, xMin, xMax, X);
        AppendLegend(svg);

        foreach (var line in _lines)
        {
            var d = PathData(line.Points, X, Y, line.Step);
            if (d.Length == 0)
            {
                continue;
            }

            svg.Append(Inv, $"<path class=\"series {line.CssClass}\" data-series=\"{HtmlText.Encode(line.Key)}\" d=\"{d}\"/>");
            var valued = line.Points.Where(p => p.Value is not null).ToList();
            var stride = Math.Max(1, (int)Math.Ceiling(valued.Count / (double)MaxHoverPoints));
            for (var i = 0; i < valued.Count; i += stride)
            {
                AppendHover(svg, line.Label, line.CssClass, valued[i], X, Y);
            }

            // The last point is what a reader looks for first (final equity), so it always gets a target.
            if ((valued.Count - 1) % stride != 0)
            {
                AppendHover(svg, line.Label, line.CssClass, valued[^1], X, Y);
            }
        }

        foreach (var f in _fills)
        {
            var (x, y) = (X(Seconds(f.Time)), Y((double)f.Price));
            var buy = f.Side == FillSide.Buy;
            // Buys point up from below, sells point down from above, as on a trading screen.
            var shape = buy
                ? $"M{N(x)},{N(y - 6)}L{N(x + 5.5)},{N(y + 4)}L{N(x - 5.5)},{N(y + 4)}Z"
                : $"M{N(x)},{N(y + 6)}L{N(x + 5.5)},{N(y - 4)}L{N(x - 5.5)},{N(y - 4)}Z";
            svg.Append(Inv, $"<path class=\"{(buy ? "fill-buy" : "fill-sell")}\" data-fill=\"{(buy ? "buy" : "sell")}\" d=\"{shape}\">");
            svg.Append(Inv, $"<title>{(buy ? "BUY" : "SELL")} filled at {DashboardFormat.Price(f.Price)} · {DashboardFormat.Time(f.Time)}</title></path>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    internal static IReadOnlyList<TimePoint> Thin(IReadOnlyList<TimePoint> points, int max)
    {
        if (points.Count <= max)
        {
            return points;
        }

        // Two points (min and max) per bucket, kept in time order; a bucket with a gap keeps the gap.
        var buckets = max / 2;
        var result = new List<TimePoint>(max + 2);
        for (var b = 0; b < buckets; b++)
        {
            var start = (int)((long)b * points.Count / buckets);
            var end = (int)((long)(b + 1) * points.Count / buckets);
            TimePoint? lo = null, hi = null, gap = null;
            for (var i = start; i < end; i++)
            {
                var p = points[i];
                if (p.Value is not { } v)
                {
                    gap ??= p;
                    continue;
                }

                if (lo is null || v < lo.Value.Value)
                {
                    lo = p;
                }

                if (hi is null || v > hi.Value.Value)
                {
                    hi = p;
                }
            }

            var kept = new[] { lo, hi, gap }.Where(p => p is not null).Select(p => p!.Value).Distinct().OrderBy(p => p.Time);
            result.AddRange(kept);
        }

        return result;
    }

    private static string PathData(IReadOnlyList<TimePoint> points, Func<double, double> x, Func<double, double> y, bool step)
    {
        var d = new StringBuilder();
        var penDown = false;
        var lastY = 0.0;
        foreach (var p in points)
        {
            if (p.Value is not { } v)
            {
                penDown = false; // null = no quote then: break the line instead of bridging the gap
                continue;
            }

            var px = x(Seconds(p.Time));
            if (step && penDown)
            {
                d.Append('L').Append(N(px)).Append(',').Append(N(lastY));
            }

            lastY = y((double)v);
            d.Append(penDown ? 'L' : 'M').Append(N(px)).Append(',').Append(N(lastY));
            penDown = true;
        }

        return d.ToString();
    }

    private void AppendHover(StringBuilder svg, string label, string css, TimePoint p, Func<double, double> x, Func<double, double> y) =>
        svg.Append(Inv, $"<circle class=\"hit {css}\" cx=\"{N(x(Seconds(p.Time)))}\" cy=\"{N(y((double)p.Value!.Value))}\" r=\"5\"><title>{HtmlText.Encode(label)}: {HtmlText.Encode(formatValue(p.Value.Value))} · {DashboardFormat.Time(p.Time)}</title></circle>");

    private void AppendYAxis(StringBuilder svg, double yMin, double yMax, Func<double, double> y)
    {
        var step = NiceStep((yMax - yMin) / 4);
        for (var v = Math.Ceiling(yMin / step) * step; v <= yMax + (step * 1e-9); v += step)
        {
            var py = N(y(v));
            svg.Append(Inv, $"<line class=\"grid\" x1=\"{N(PlotLeft)}\" x2=\"{N(PlotRight)}\" y1=\"{py}\" y2=\"{py}\"/>");
            svg.Append(Inv, $"<text class=\"tick\" x=\"{N(PlotLeft - 6)}\" y=\"{py}\" text-anchor=\"end\" dominant-baseline=\"middle\">{HtmlText.Encode(formatValue(ToDecimal(v, step)))}</text>");
        }

        svg.Append(Inv, $"<line class=\"axis\" x1=\"{N(PlotLeft)}\" x2=\"{N(PlotLeft)}\" y1=\"{N(PlotTop)}\" y2=\"{N(PlotBottom)}\"/>");
        svg.Append(Inv, $"<text class=\"axis-label\" transform=\"translate(14 {N((PlotTop + PlotBottom) / 2)}) rotate(-90)\" text-anchor=\"middle\">{HtmlText.Encode(yAxisLabel)}</text>");
    }

    private static void AppendXAxis(StringBuilder svg, double xMin, double xMax, Func<double, double> x)
    {
        const int Ticks = 5;
        var span = TimeSpan.FromSeconds(xMax - xMin);
        var format = span < TimeSpan.FromMinutes(10) ? "HH:mm:ss" : span < TimeSpan.FromDays(1) ? "HH:mm" : "MM-dd HH:mm";
        for (var i = 0; i < Ticks; i++)
        {
            var s = xMin + ((xMax - xMin) * i / (Ticks - 1));
            var px = N(x(s));
            var anchor = i == 0 ? "start" : i == Ticks - 1 ? "end" : "middle";
            var when = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(s * 1000)).UtcDateTime.ToString(format, Inv);
            svg.Append(Inv, $"<line class=\"axis\" x1=\"{px}\" x2=\"{px}\" y1=\"{N(PlotBottom)}\" y2=\"{N(PlotBottom + 4)}\"/>");
            svg.Append(Inv, $"<text class=\"tick\" x=\"{px}\" y=\"{N(PlotBottom + 16)}\" text-anchor=\"{anchor}\">{when}</text>");
        }

        var day = DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(xMin * 1000)).UtcDateTime.ToString("yyyy-MM-dd", Inv);
        svg.Append(Inv, $"<line class=\"axis\" x1=\"{N(PlotLeft)}\" x2=\"{N(PlotRight)}\" y1=\"{N(PlotBottom)}\" y2=\"{N(PlotBottom)}\"/>");
        svg.Append(Inv, $"<text class=\"axis-label\" x=\"{N((PlotLeft + PlotRight) / 2)}\" y=\"{N(Height - 6)}\" text-anchor=\"middle\">Time (UTC, from {day})</text>");
    }

    private void AppendLegend(StringBuilder svg)
    {
        var x = PlotLeft;
        foreach (var line in _lines)
        {
            svg.Append(Inv, $"<rect class=\"swatch {line.CssClass}\" x=\"{N(x)}\" y=\"8\" width=\"14\" height=\"4\"/>");
            svg.Append(Inv, $"<text class=\"legend\" x=\"{N(x + 18)}\" y=\"14\">{HtmlText.Encode(line.Label)}</text>");
            x += 30 + (line.Label.Length * 6.5);
        }

        if (_fills.Count > 0)
        {
            svg.Append(Inv, $"<path class=\"fill-buy\" d=\"M{N(x + 6)},5L{N(x + 11)},15L{N(x + 1)},15Z\"/><text class=\"legend\" x=\"{N(x + 16)}\" y=\"14\">our buy</text>");
            x += 70;
            svg.Append(Inv, $"<path class=\"fill-sell\" d=\"M{N(x + 6)},15L{N(x + 11)},5L{N(x + 1)},5Z\"/><text class=\"legend\" x=\"{N(x + 16)}\" y=\"14\">our sell</text>");
        }
    }

    // 1, 2, 2.5 or 5 × 10^k: steps a reader can add up in their head.
    private static double NiceStep(double rough)
    {
        if (rough <= 0 || double.IsNaN(rough))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var f = rough / magnitude;
        return magnitude * (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10);
    }

    // Tick values are multiples of the step; snap away the binary noise before formatting.
    private static decimal ToDecimal(double v, double step)
    {
        var decimals = Math.Clamp((int)Math.Ceiling(-Math.Log10(step)) + 1, 0, 10);
        return Math.Abs(v) > 1e20 ? 0m : Math.Round((decimal)v, decimals);
    }

    private static double Seconds(DateTimeOffset t) => t.ToUnixTimeMilliseconds() / 1000.0;

    private static string N(double v) => v.ToString("0.#", Inv);
}
