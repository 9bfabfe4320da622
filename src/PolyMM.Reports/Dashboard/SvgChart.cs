using System.Globalization;
using System.Text;

namespace PolyMM.Reports.Dashboard;

/// <summary>
/// A time-series chart drawn server-side as inline SVG on the page's shared <see cref="TimeAxis"/>, so the
/// page needs no script and no network. Hover values come from SVG &lt;title&gt; elements, which every browser
/// shows as a tooltip. Coordinates are double (drawing only); tooltip values are formatted from the exact
/// decimals. A line with more points than half the plot's pixel columns is reduced per pixel column
/// (docs/design.md#dashboard-downsampling): each column keeps its minimum and maximum (drawn as a light band)
/// and one value (drawn as the line), so extremes survive and a busy quote reads as a line, not a block.
/// </summary>
internal sealed class SvgChart(string ariaLabel, string yAxisLabel, Func<decimal, string> formatValue, TimeAxis axis, double height = 270, double width = 640)
{
    /// <summary>Above this many fills in one chart, markers give way to a density strip.</summary>
    public const int MaxFillMarkers = 80;

    // viewBox units; the SVG scales to its column width (never above its own width, so text keeps its size).
    private const double PlotLeft = 92;
    private const double StripHeight = 26;
    private const double DensityBucketPx = 6;

    // Hover targets per line; more would bloat the page without helping a reader.
    private const int MaxHoverPoints = 40;

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly double _plotRight = width - 14;
    private readonly List<Line> _lines = [];
    private readonly List<(int Run, FillMarker Fill)> _fills = [];
    private (double Min, double Max)? _yDomain;

    private sealed record Line(string Key, string Label, string CssClass, int Run, IReadOnlyList<TimePoint> Points, bool Step);

    public bool HasData => _fills.Count > 0 || _lines.Any(l => l.Points.Any(p => p.Value is not null));

    /// <summary>The smallest and largest value drawn (lines and fill prices), or null with no data.</summary>
    public (double Min, double Max)? ValueRange
    {
        get
        {
            var values = _lines.SelectMany(l => l.Points).Where(p => p.Value is not null).Select(p => (double)p.Value!.Value)
                .Concat(_fills.Select(f => (double)f.Fill.Price)).ToList();
            return values.Count == 0 ? null : (values.Min(), values.Max());
        }
    }

    /// <summary>Fix the value range (before padding), e.g. to share it across a row of charts.</summary>
    public void SetYDomain(double min, double max) => _yDomain = (min, max);

    // step: a value that holds until the next point (a resting quote, a position) is drawn as a step.
    public void AddLine(string key, string label, string cssClass, int run, IReadOnlyList<TimePoint> points, bool step = false) =>
        _lines.Add(new Line(key, label, cssClass, run, points, step));

    public void AddFills(int run, IReadOnlyList<FillMarker> fills) => _fills.AddRange(fills.Select(f => (run, f)));

    public string Render(string chartKey)
    {
        if (!HasData)
        {
            throw new InvalidOperationException("Render needs data; check HasData first.");
        }

        var dense = _fills.Count > MaxFillMarkers;
        var legendRows = LegendRows();
        var plotTop = 18 + (legendRows.Count * 15);
        var axisBottom = height - 40;
        var plotBottom = axisBottom - (dense ? StripHeight : 0);

        var (yMin, yMax) = _yDomain ?? ValueRange!.Value;
        var pad = yMax > yMin ? (yMax - yMin) * 0.08 : Math.Max(Math.Abs(yMax) * 0.05, 0.01);
        (yMin, yMax) = (yMin - pad, yMax + pad);

        double X(double axisSeconds) => PlotLeft + ((axisSeconds - axis.Min) / (axis.Max - axis.Min) * (_plotRight - PlotLeft));
        double Y(double value) => plotBottom - ((value - yMin) / (yMax - yMin) * (plotBottom - plotTop));

        var svg = new StringBuilder();
        svg.Append(Inv, $"<svg class=\"chart\" viewBox=\"0 0 {N(width)} {N(height)}\" style=\"max-width: {N(width)}px\" role=\"img\" data-chart=\"{HtmlText.Encode(chartKey)}\" aria-label=\"{HtmlText.Encode(ariaLabel)}\">");
        AppendYAxis(svg, yMin, yMax, Y, plotTop, plotBottom);
        AppendXAxis(svg, X, plotTop, plotBottom, axisBottom);
        AppendLegend(svg, legendRows, dense);

        foreach (var line in _lines)
        {
            AppendLine(svg, line, X, Y);
        }

        if (dense)
        {
            AppendDensity(svg, X, plotBottom);
        }
        else
        {
            AppendFillMarkers(svg, X, Y);
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    private void AppendLine(StringBuilder svg, Line line, Func<double, double> x, Func<double, double> y)
    {
        var valued = line.Points.Where(p => p.Value is not null).ToList();
        if (valued.Count == 0)
        {
            return;
        }

        var columns = (int)(_plotRight - PlotLeft);
        var run = line.Run.ToString(Inv);
        if (valued.Count <= columns / 2)
        {
            svg.Append(Inv, $"<path class=\"series {line.CssClass}\" data-series=\"{HtmlText.Encode(line.Key)}\" data-run-index=\"{run}\" d=\"{PathData(line, x, y)}\"/>");
        }
        else
        {
            var (path, band) = DenseData(line, x, y, columns);
            if (band.Length > 0)
            {
                svg.Append(Inv, $"<path class=\"band {line.CssClass}\" data-band=\"{HtmlText.Encode(line.Key)}\" d=\"{band}\"/>");
            }

            svg.Append(Inv, $"<path class=\"series {line.CssClass}\" data-series=\"{HtmlText.Encode(line.Key)}\" data-run-index=\"{run}\" data-dense=\"1\" d=\"{path}\"/>");
        }

        var stride = Math.Max(1, (int)Math.Ceiling(valued.Count / (double)MaxHoverPoints));
        for (var i = 0; i < valued.Count; i += stride)
        {
            AppendHover(svg, line, valued[i], x, y);
        }

        // The last point is what a reader looks for first (final equity), so it always gets a target.
        if ((valued.Count - 1) % stride != 0)
        {
            AppendHover(svg, line, valued[^1], x, y);
        }
    }

    private string PathData(Line line, Func<double, double> x, Func<double, double> y)
    {
        var d = new StringBuilder();
        var penDown = false;
        var lastY = 0.0;
        foreach (var p in line.Points)
        {
            if (p.Value is not { } v)
            {
                penDown = false; // null = nothing then (no quote resting): break the line instead of bridging the gap
                continue;
            }

            var px = x(axis.ToAxis(line.Run, p.Time));
            if (line.Step && penDown)
            {
                d.Append('L').Append(N(px)).Append(',').Append(N(lastY));
            }

            lastY = y((double)v);
            d.Append(penDown ? 'L' : 'M').Append(N(px)).Append(',').Append(N(lastY));
            penDown = true;
        }

        return d.ToString();
    }

    /// <summary>
    /// Per pixel column: min, max and the column's value (for a step series the value holding at the column's
    /// end, else the mean). A gap breaks the line only when a whole column has no value: a quote replaced within
    /// a pixel is a line, not a dotted one.
    /// </summary>
    private (string Path, string Band) DenseData(Line line, Func<double, double> x, Func<double, double> y, int columns)
    {
        var cols = new Column?[columns];
        foreach (var p in line.Points)
        {
            var c = Math.Clamp((int)(x(axis.ToAxis(line.Run, p.Time)) - PlotLeft), 0, columns - 1);
            var col = cols[c] ??= new Column();
            col.See(p.Value is { } v ? (double)v : null);
        }

        var path = new StringBuilder();
        var band = new StringBuilder();
        var segment = new List<(double X, double Lo, double Hi)>();
        double? state = null;
        var penDown = false;
        var lastY = 0.0;

        void EndSegment()
        {
            if (segment.Count > 1)
            {
                band.Append('M');
                band.AppendJoin('L', segment.Select(s => $"{N(s.X)},{N(y(s.Hi))}"));
                band.Append('L');
                band.AppendJoin('L', Enumerable.Reverse(segment).Select(s => $"{N(s.X)},{N(y(s.Lo))}"));
                band.Append('Z');
            }

            segment.Clear();
            penDown = false;
        }

        for (var c = 0; c < columns; c++)
        {
            var px = PlotLeft + c + 0.5;
            double lo, hi, value;
            if (cols[c] is { } col && col.Count > 0)
            {
                (lo, hi) = (col.Min, col.Max);
                value = line.Step ? col.Last : col.Sum / col.Count;
                state = col.EndsInGap ? null : col.Last;
            }
            else if (cols[c] is not null)
            {
                state = null; // only gaps in this column
                EndSegment();
                continue;
            }
            else if (line.Step && state is { } held)
            {
                (lo, hi, value) = (held, held, held);
            }
            else
            {
                if (line.Step)
                {
                    EndSegment(); // nothing resting here
                }

                continue;
            }

            var py = y(value);
            if (line.Step && penDown)
            {
                path.Append('L').Append(N(px)).Append(',').Append(N(lastY));
            }

            path.Append(penDown ? 'L' : 'M').Append(N(px)).Append(',').Append(N(py));
            lastY = py;
            penDown = true;
            segment.Add((px, lo, hi));
        }

        EndSegment();
        return (path.ToString(), band.ToString());
    }

    private sealed class Column
    {
        public int Count { get; private set; }
        public double Min { get; private set; } = double.MaxValue;
        public double Max { get; private set; } = double.MinValue;
        public double Sum { get; private set; }
        public double Last { get; private set; }
        public bool EndsInGap { get; private set; }

        public void See(double? value)
        {
            if (value is not { } v)
            {
                EndsInGap = true;
                return;
            }

            Count++;
            Min = Math.Min(Min, v);
            Max = Math.Max(Max, v);
            Sum += v;
            Last = v;
            EndsInGap = false;
        }
    }

    private void AppendHover(StringBuilder svg, Line line, TimePoint p, Func<double, double> x, Func<double, double> y) =>
        svg.Append(Inv, $"<circle class=\"hit {line.CssClass}\" cx=\"{N(x(axis.ToAxis(line.Run, p.Time)))}\" cy=\"{N(y((double)p.Value!.Value))}\" r=\"5\"><title>{HtmlText.Encode(line.Label)}: {HtmlText.Encode(formatValue(p.Value.Value))} · {HtmlText.Encode(axis.Describe(line.Run, p.Time))}</title></circle>");

    private void AppendFillMarkers(StringBuilder svg, Func<double, double> xOf, Func<double, double> yOf)
    {
        foreach (var (run, f) in _fills)
        {
            var (x, y) = (xOf(axis.ToAxis(run, f.Time)), yOf((double)f.Price));
            var buy = f.Side == FillSide.Buy;
            // Buys point up from below, sells point down from above, as on a trading screen.
            var shape = buy
                ? $"M{N(x)},{N(y - 5)}L{N(x + 4.5)},{N(y + 3.5)}L{N(x - 4.5)},{N(y + 3.5)}Z"
                : $"M{N(x)},{N(y + 5)}L{N(x + 4.5)},{N(y - 3.5)}L{N(x - 4.5)},{N(y - 3.5)}Z";
            var size = f.Shares is { } s ? $" {DashboardFormat.Count(s)} shares" : "";
            svg.Append(Inv, $"<path class=\"{(buy ? "fill-buy" : "fill-sell")}\" data-fill=\"{(buy ? "buy" : "sell")}\" d=\"{shape}\">");
            svg.Append(Inv, $"<title>{(buy ? "BUY" : "SELL")}{size} filled at {DashboardFormat.Price(f.Price)} · {HtmlText.Encode(axis.Describe(run, f.Time))}</title></path>");
        }
    }

    // Too many fills to mark one by one: count buys (upper row) and sells (lower row) per 6-pixel bucket.
    private void AppendDensity(StringBuilder svg, Func<double, double> xOf, double plotBottom)
    {
        var buckets = (int)Math.Ceiling((_plotRight - PlotLeft) / DensityBucketPx);
        var buys = new int[buckets];
        var sells = new int[buckets];
        foreach (var (run, f) in _fills)
        {
            var b = Math.Clamp((int)((xOf(axis.ToAxis(run, f.Time)) - PlotLeft) / DensityBucketPx), 0, buckets - 1);
            (f.Side == FillSide.Buy ? buys : sells)[b]++;
        }

        var most = Math.Max(1, Math.Max(buys.Max(), sells.Max()));
        var top = plotBottom + 4;
        svg.Append(Inv, $"<g class=\"density\" data-fill-density=\"{_fills.Count.ToString(Inv)}\">");
        svg.Append(Inv, $"<text class=\"tick\" x=\"{N(PlotLeft - 6)}\" y=\"{N(top + 6)}\" text-anchor=\"end\" dominant-baseline=\"middle\">buys</text>");
        svg.Append(Inv, $"<text class=\"tick\" x=\"{N(PlotLeft - 6)}\" y=\"{N(top + 16)}\" text-anchor=\"end\" dominant-baseline=\"middle\">sells</text>");
        for (var b = 0; b < buckets; b++)
        {
            foreach (var (counts, row, css, what) in new[] { (buys, 0, "fill-buy", "buys"), (sells, 1, "fill-sell", "sells") })
            {
                if (counts[b] == 0)
                {
                    continue;
                }

                // Square-root shading: one fill is visible beside a bucket of thousands.
                var opacity = 0.2 + (0.8 * Math.Sqrt(counts[b] / (double)most));
                var from = axis.Min + ((axis.Max - axis.Min) * b * DensityBucketPx / (_plotRight - PlotLeft));
                svg.Append(Inv, $"<rect class=\"{css}\" x=\"{N(PlotLeft + (b * DensityBucketPx))}\" y=\"{N(top + (row * 10))}\" width=\"{N(DensityBucketPx)}\" height=\"9\" fill-opacity=\"{opacity.ToString("0.##", Inv)}\"><title>{counts[b].ToString(Inv)} {what} from {HtmlText.Encode(AxisTime(from))}</title></rect>");
            }
        }

        svg.Append("</g>");
    }

    private string AxisTime(double axisSeconds) =>
        axis.Elapsed
            ? "+" + TimeSpan.FromSeconds(Math.Round(Math.Max(0, axisSeconds))).ToString("c", Inv)
            : DashboardFormat.Time(DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(axisSeconds * 1000)));

    private void AppendYAxis(StringBuilder svg, double yMin, double yMax, Func<double, double> y, double plotTop, double plotBottom)
    {
        var step = NiceStep((yMax - yMin) / 4);
        for (var v = Math.Ceiling(yMin / step) * step; v <= yMax + (step * 1e-9); v += step)
        {
            var py = N(y(v));
            var zero = Math.Abs(v) < step * 1e-6;
            svg.Append(Inv, $"<line class=\"{(zero ? "zero" : "grid")}\" x1=\"{N(PlotLeft)}\" x2=\"{N(_plotRight)}\" y1=\"{py}\" y2=\"{py}\"/>");
            svg.Append(Inv, $"<text class=\"tick\" x=\"{N(PlotLeft - 6)}\" y=\"{py}\" text-anchor=\"end\" dominant-baseline=\"middle\">{HtmlText.Encode(formatValue(ToDecimal(v, step)))}</text>");
        }

        svg.Append(Inv, $"<line class=\"axis\" x1=\"{N(PlotLeft)}\" x2=\"{N(PlotLeft)}\" y1=\"{N(plotTop)}\" y2=\"{N(plotBottom)}\"/>");
        svg.Append(Inv, $"<text class=\"axis-label\" transform=\"translate(14 {N((plotTop + plotBottom) / 2)}) rotate(-90)\" text-anchor=\"middle\">{HtmlText.Encode(yAxisLabel)}</text>");
    }

    private void AppendXAxis(StringBuilder svg, Func<double, double> x, double plotTop, double plotBottom, double axisBottom)
    {
        foreach (var (at, label) in axis.Ticks())
        {
            var px = N(x(at));
            svg.Append(Inv, $"<line class=\"grid\" x1=\"{px}\" x2=\"{px}\" y1=\"{N(plotTop)}\" y2=\"{N(plotBottom)}\"/>");
            svg.Append(Inv, $"<line class=\"axis\" x1=\"{px}\" x2=\"{px}\" y1=\"{N(axisBottom)}\" y2=\"{N(axisBottom + 4)}\"/>");
            // A label at either end is anchored inside the chart so it is never clipped.
            var pos = x(at);
            var anchor = pos > _plotRight - 30 ? "end" : pos < PlotLeft + 30 ? "start" : "middle";
            svg.Append(Inv, $"<text class=\"tick\" data-tick=\"x\" x=\"{px}\" y=\"{N(axisBottom + 15)}\" text-anchor=\"{anchor}\">{HtmlText.Encode(label)}</text>");
        }

        svg.Append(Inv, $"<line class=\"axis\" x1=\"{N(PlotLeft)}\" x2=\"{N(_plotRight)}\" y1=\"{N(plotBottom)}\" y2=\"{N(plotBottom)}\"/>");
        svg.Append(Inv, $"<text class=\"axis-label\" x=\"{N((PlotLeft + _plotRight) / 2)}\" y=\"{N(height - 6)}\" text-anchor=\"middle\">{HtmlText.Encode(axis.Caption())}</text>");
    }

    private List<List<(string Css, string Label, bool Fill)>> LegendRows()
    {
        var entries = _lines.GroupBy(l => (l.CssClass, l.Label)).Select(g => (g.Key.CssClass, g.Key.Label, false)).ToList();
        if (_fills.Count > 0)
        {
            entries.Add(("fill-buy", "our buy", true));
            entries.Add(("fill-sell", "our sell", true));
        }

        var rows = new List<List<(string, string, bool)>> { new() };
        var x = PlotLeft;
        foreach (var e in entries)
        {
            var w = 30 + (e.Item2.Length * 6.5);
            if (x + w > _plotRight && rows[^1].Count > 0)
            {
                rows.Add([]);
                x = PlotLeft;
            }

            rows[^1].Add(e);
            x += w;
        }

        return rows;
    }

    private static void AppendLegend(StringBuilder svg, List<List<(string Css, string Label, bool Fill)>> rows, bool dense)
    {
        for (var r = 0; r < rows.Count; r++)
        {
            var x = PlotLeft;
            var y = 14 + (r * 15);
            foreach (var (css, label, fill) in rows[r])
            {
                if (!fill)
                {
                    svg.Append(Inv, $"<rect class=\"swatch {css}\" x=\"{N(x)}\" y=\"{N(y - 6)}\" width=\"14\" height=\"4\"/>");
                }
                else if (dense)
                {
                    svg.Append(Inv, $"<rect class=\"{css}\" x=\"{N(x + 2)}\" y=\"{N(y - 9)}\" width=\"9\" height=\"9\"/>");
                }
                else
                {
                    var shape = css == "fill-buy"
                        ? $"M{N(x + 6)},{N(y - 9)}L{N(x + 11)},{N(y + 1)}L{N(x + 1)},{N(y + 1)}Z"
                        : $"M{N(x + 6)},{N(y + 1)}L{N(x + 11)},{N(y - 9)}L{N(x + 1)},{N(y - 9)}Z";
                    svg.Append(Inv, $"<path class=\"{css}\" d=\"{shape}\"/>");
                }

                svg.Append(Inv, $"<text class=\"legend\" x=\"{N(x + 18)}\" y=\"{N(y)}\">{HtmlText.Encode(label)}</text>");
                x += 30 + (label.Length * 6.5);
            }
        }
    }

    // 1, 2, 2.5 or 5 × 10^k: steps a reader can add up in their head.
    internal static double NiceStep(double rough)
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
    internal static decimal ToDecimal(double v, double step)
    {
        var decimals = Math.Clamp((int)Math.Ceiling(-Math.Log10(step)) + 1, 0, 10);
        return Math.Abs(v) > 1e20 ? 0m : Math.Round((decimal)v, decimals);
    }

    internal static string N(double v) => v.ToString("0.#", Inv);
}
