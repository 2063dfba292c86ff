using System.Globalization;
using System.Net;
using System.Text;

namespace Portal.Core.Drift;

/// <summary>
/// A drift run as one self-contained HTML page: inline CSS, inline SVG histograms (reference vs current), no scripts
/// and no external resources, so the file opens offline and can be mailed or archived.
/// </summary>
public static class DriftReportHtml
{
    public const string ContentType = "text/html";

    private const int ChartWidth = 520;
    private const int ChartHeight = 160;

    public static string Render(DriftRun run)
    {
        var html = new StringBuilder(32 * 1024);
        var title = $"Drift report: {run.Model} v{run.Version}";
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(E(title)).Append("</title>\n<style>\n")
            .Append("body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:2rem;color:#1f2933;max-width:1100px}")
            .Append("h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem}.muted{color:#616e7c}")
            .Append("table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid #e4e7eb;padding:.35rem .5rem;text-align:left}")
            .Append("td.num{text-align:right;font-variant-numeric:tabular-nums}tr.drifted td{background:#fff1f0}")
            .Append(".chip{display:inline-block;padding:.15rem .6rem;border-radius:1rem;font-weight:600;color:#fff}")
            .Append(".ok{background:#2e7d32}.warning{background:#ed6c02}.critical{background:#d32f2f}")
            .Append(".grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:1rem}.card{border:1px solid #e4e7eb;border-radius:6px;padding:.6rem}")
            .Append(".legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 .8rem;vertical-align:middle}")
            .Append("\n</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(E(title)).Append("</h1>\n");
        html.Append("<p class=\"muted\">Run at ").Append(E(Time(run.At))).Append(" (").Append(E(run.Trigger)).Append(") · window ")
            .Append(E(Time(run.WindowFrom))).Append(" to ").Append(E(Time(run.WindowTo))).Append(" · ")
            .Append(run.Rows.ToString("N0", CultureInfo.InvariantCulture)).Append(" logged predictions against ")
            .Append(run.ReferenceRows.ToString("N0", CultureInfo.InvariantCulture)).Append(" reference rows (every row of the training dataset: training and test splits; a seeded sample of "
                + ReferenceProfileBuilder.MaxRows.ToString("N0", CultureInfo.InvariantCulture) + " rows of a larger one)</p>\n");
        html.Append("<p><span class=\"chip ").Append(E(run.Status)).Append("\">").Append(E(run.Status)).Append("</span> ")
            .Append("drift share <b>").Append(run.DriftShare.ToString("P0", CultureInfo.InvariantCulture)).Append("</b> (")
            .Append(run.Report.Features.Count(f => f.Drifted)).Append(" of ").Append(run.Report.Features.Count).Append(" features) · dataset drift <b>")
            .Append(run.DatasetDrift ? "yes" : "no").Append("</b> · drift score <b>").Append(N(run.DriftScore)).Append("</b> σ</p>\n");
        html.Append("<p class=\"muted\">Dataset drift when at least 50% of the features drift (critical); warning from 30%. ")
            .Append("The drift score is the largest absolute mean shift of a numeric feature, in reference standard deviations.</p>\n");

        html.Append("<h2>Features</h2>\n<table>\n<thead><tr><th>Feature</th><th>Type</th><th>Test</th><th>Statistic</th><th>p-value</th><th>Threshold</th><th>Drifted</th><th>PSI</th><th>Mean shift (σ)</th></tr></thead>\n<tbody>\n");
        foreach (var f in run.Report.Features)
        {
            html.Append("<tr").Append(f.Drifted ? " class=\"drifted\"" : "").Append("><td>").Append(E(f.Name)).Append("</td><td>").Append(E(f.Type))
                .Append("</td><td>").Append(E(f.Test)).Append("</td><td class=\"num\">").Append(N(f.Statistic))
                .Append("</td><td class=\"num\">").Append(f.PValue is { } p ? N(p) : "–")
                .Append("</td><td class=\"num\">").Append(N(f.Threshold))
                .Append("</td><td>").Append(f.Drifted ? "<b>yes</b>" : "no")
                .Append("</td><td class=\"num\">").Append(N(f.Psi))
                .Append("</td><td class=\"num\">").Append(f.MeanShiftSigma is { } s ? N(s) : "–").Append("</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");

        html.Append("<h2>Reference vs current</h2>\n<p class=\"legend muted\">Share of rows per bin:<span style=\"background:#4c78a8\"></span>reference (training data)<span style=\"background:#f58518\"></span>current window; values outside the training range are counted in a first &quot;&lt; min&quot; or last &quot;&gt; max&quot; bin</p>\n<div class=\"grid\">\n");
        foreach (var h in run.Report.Histograms)
        {
            var drifted = run.Report.Features.FirstOrDefault(f => f.Name == h.Name)?.Drifted == true;
            html.Append("<div class=\"card\"><b>").Append(E(h.Name)).Append("</b>").Append(drifted ? " <span class=\"chip critical\">drifted</span>" : "").Append('\n');
            Svg(html, h);
            html.Append("</div>\n");
        }
        html.Append("</div>\n<p class=\"muted\">Generated by Portal.</p>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Svg(StringBuilder html, FeatureHistogram h)
    {
        const int left = 36, right = 8, bottom = 34, top = 8;
        var plotHeight = ChartHeight - bottom - top;
        var bins = h.Bins.Count;
        var max = Math.Max(1e-12, h.Reference.Concat(h.Current).DefaultIfEmpty(0).Max());
        html.Append("<svg role=\"img\" viewBox=\"0 0 ").Append(ChartWidth).Append(' ').Append(ChartHeight).Append("\" width=\"100%\" aria-label=\"")
            .Append(E(h.Name)).Append(" histogram\">\n");
        html.Append("<line x1=\"").Append(left).Append("\" y1=\"").Append(top + plotHeight).Append("\" x2=\"").Append(ChartWidth).Append("\" y2=\"").Append(top + plotHeight).Append("\" stroke=\"#9aa5b1\"/>\n");
        html.Append("<text x=\"2\" y=\"").Append(top + 8).Append("\" font-size=\"9\" fill=\"#616e7c\">").Append(max.ToString("P0", CultureInfo.InvariantCulture)).Append("</text>\n");
        if (bins == 0)
        {
            html.Append("</svg>\n");
            return;
        }
        var slot = (ChartWidth - left - right) / (double)bins;
        var bar = slot * 0.42;
        for (var i = 0; i < bins; i++)
        {
            var x = left + i * slot;
            Bar(html, x + slot * 0.08, bar, h.Reference[i] / max * plotHeight, top + plotHeight, "#4c78a8", $"{h.Bins[i]}: reference {h.Reference[i]:P1}");
            Bar(html, x + slot * 0.08 + bar, bar, h.Current[i] / max * plotHeight, top + plotHeight, "#f58518", $"{h.Bins[i]}: current {h.Current[i]:P1}");
        }
        // Label the first, middle and last bins (all of them for categories, which are few). The end labels are anchored
        // inside the plot (start at the left edge, end at the right) so a long one is never clipped by the SVG's edge.
        for (var i = 0; i < bins; i++)
        {
            var numeric = h.Edges is not null;
            if (numeric && i != 0 && i != bins - 1 && i != bins / 2) continue;
            var label = h.Bins[i].Length > 14 ? h.Bins[i][..13] + "…" : h.Bins[i];
            var (x, anchor) = bins == 1 ? (left + (i + 0.5) * slot, "middle")
                : i == 0 ? (left + i * slot, "start")
                : i == bins - 1 ? (left + (i + 1) * slot, "end")
                : (left + (i + 0.5) * slot, "middle");
            html.Append("<text x=\"").Append(F(x)).Append("\" y=\"").Append(ChartHeight - 18)
                .Append("\" font-size=\"9\" text-anchor=\"").Append(anchor).Append("\" fill=\"#3e4c59\">").Append(E(label)).Append("</text>\n");
        }
        html.Append("</svg>\n");
    }

    private static void Bar(StringBuilder html, double x, double width, double height, double baseline, string color, string tooltip) =>
        html.Append("<rect x=\"").Append(F(x)).Append("\" y=\"").Append(F(baseline - height)).Append("\" width=\"").Append(F(width))
            .Append("\" height=\"").Append(F(height)).Append("\" fill=\"").Append(color).Append("\"><title>").Append(E(tooltip)).Append("</title></rect>\n");

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string F(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);

    private static string N(double x) => double.IsFinite(x) ? x.ToString("G4", CultureInfo.InvariantCulture) : "–";

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
