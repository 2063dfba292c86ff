using System.Globalization;
using System.Text;
using Portal.Core.Training;

namespace Portal.Core.Registry;

/// <summary>
/// Renders a <see cref="ModelCard"/> as GitHub-flavoured Markdown. Numbers use the invariant culture; text
/// written by users is escaped so it cannot break a table or inject HTML.
/// </summary>
public static class ModelCardMarkdown
{
    public const string ContentType = "text/markdown";
    private const string NotWritten = "_Not written yet._";

    public static string Render(ModelCard card)
    {
        var md = new StringBuilder();
        md.Append("# Model card: ").Append(Inline(card.Model)).Append(" v").Append(card.Version).Append("\n\n");
        md.Append("| | |\n|---|---|\n");
        Row(md, "Source", card.Source == VersionSources.Imported ? "imported (trained elsewhere)" : card.Source == VersionSources.Ensemble ? "ensemble of registered versions" : "trained in the portal");
        Row(md, "Trainer", card.Trainer.ToString());
        Row(md, "Created", $"{Time(card.CreatedAt)} by {card.CreatedBy}");
        Row(md, "Stage", card.Stage.ToString());
        Row(md, "Aliases", card.Aliases.Count == 0 ? "none" : string.Join(", ", card.Aliases));
        Row(md, "Label", $"{Cell(card.Label)} (positive class `{Code(card.PositiveClass)}`, negative `{Code(card.NegativeClass)}`)", escape: false);
        Row(md, "Artefact SHA-256", $"`{card.ArtefactSha256}`", escape: false);
        md.Append('\n');

        md.Append("## Intended use\n\n").Append(Paragraph(card.IntendedUse)).Append("\n\n");
        md.Append("## Limitations\n\n").Append(Paragraph(card.Limitations)).Append("\n\n");

        md.Append("## Training data\n\n");
        if (card.TrainingData is not { } data)
        {
            md.Append("No registered dataset.\n\n");
        }
        else if (!data.Available)
        {
            md.Append("Dataset ").Append(data.DatasetId).Append(" is no longer registered");
            if (data.Sha256 is not null) md.Append(" (file SHA-256 `").Append(data.Sha256).Append("`)");
            md.Append(".\n\n");
        }
        else
        {
            md.Append("| | |\n|---|---|\n");
            Row(md, "Dataset", $"{data.Name} (id {data.DatasetId})");
            Row(md, "File", data.FileName ?? "");
            Row(md, "Rows", Count(data.Rows ?? 0));
            Row(md, "Data window", $"uploaded {(data.UploadedAt is { } at ? Time(at) : "?")} by {data.UploadedBy}");
            Row(md, "File SHA-256", $"`{data.Sha256}`", escape: false);
            md.Append('\n');
        }

        md.Append("Training rows: ").Append(Count(card.TrainingRows)).Append(" · test rows: ").Append(Count(card.TestRows)).Append("\n\n");
        if (card.Options.Count > 0)
        {
            md.Append("Trainer options: ")
                .Append(string.Join(", ", card.Options.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"`{Code(o.Key)}` = {Number(o.Value)}")))
                .Append("\n\n");
        }

        md.Append("## Metrics\n\n").Append(Inline(card.Evaluation)).Append("\n\n");
        md.Append("| Metric | Value |\n|---|---:|\n");
        var m = card.Metrics;
        foreach (var (name, value) in new[] { ("AUC", m.Auc), ("F1", m.F1), ("Accuracy", m.Accuracy), ("Precision", m.Precision), ("Recall", m.Recall), ("Brier", m.Brier), ("Log-loss", m.LogLoss) })
            md.Append("| ").Append(name).Append(" | ").Append(Metric(value)).Append(" |\n");
        if (m.ExpectedCalibrationError is { } ece) md.Append("| ECE (10 bins) | ").Append(Metric(ece)).Append(" |\n");
        md.Append("| Test rows | ").Append(Count(m.TestRows)).Append(" |\n");
        md.Append("| Training rows | ").Append(Count(m.TrainRows)).Append(" |\n\n");
        md.Append("Label metrics use a threshold of ").Append(Number(BinaryMetrics.Threshold)).Append(" on the probability of the positive class.\n\n");

        md.Append("## Features\n\n").Append(card.Features.Count).Append(" inputs.\n\n");
        md.Append("| Feature | Type | Categories / tokens | Missing allowed |\n|---|---|---|---|\n");
        foreach (var f in card.Features)
        {
            md.Append("| ").Append(Cell(f.Name)).Append(" | ").Append(f.Type).Append(" | ")
                .Append(Cell(f.Categories is { Count: > 0 } c ? string.Join(", ", c) : "")).Append(" | ")
                .Append(f.AllowMissing ? "yes" : "no").Append(" |\n");
        }

        if (card.Importance is { } importance)
        {
            md.Append("\n## Feature importance\n\n")
                .Append(string.Create(CultureInfo.InvariantCulture, $"Permutation importance: the drop in test AUC ({Metric(importance.BaselineAuc)}) when a feature's values are shuffled across the {importance.Rows} test rows, mean ± standard deviation over {importance.Repeats} seeded shuffles, most important first.\n\n"));
            var rank = 0;
            foreach (var f in importance.Ranked())
                md.Append(++rank).Append(". ").Append(Inline(f.Feature)).Append(": ").Append(Metric(f.Mean)).Append(" ± ").Append(Metric(f.Std)).Append('\n');
        }

        if (card.MeanAbsShap is { } shap)
        {
            md.Append(card.Importance is null ? "\n## Feature importance\n\n" : "\n")
                .Append(string.Create(CultureInfo.InvariantCulture, $"Mean |SHAP|: the average size of each feature's exact contribution to the log-odds over the {shap.Rows} test rows, largest first.\n\n"));
            var rank = 0;
            foreach (var f in shap.Ranked())
                md.Append(++rank).Append(". ").Append(Inline(f.Feature)).Append(": ").Append(Metric(f.MeanAbs)).Append('\n');
        }

        md.Append("\n## Promotions and gate results\n\n");
        if (card.Promotions.Count == 0) md.Append("This version has not been promoted.\n");
        foreach (var p in card.Promotions)
        {
            md.Append("- **").Append(Inline(p.Action)).Append("** to `").Append(Code(p.Alias)).Append("` on ").Append(Time(p.At)).Append(" by ").Append(Inline(p.By));
            if (p.FromVersion is { } from) md.Append(" (replacing v").Append(from).Append(')');
            if (!string.IsNullOrWhiteSpace(p.Reason)) md.Append(": ").Append(Inline(p.Reason));
            md.Append('\n');
            if (p.Gates.Count == 0)
            {
                md.Append("  - no gates were configured\n");
                continue;
            }

            foreach (var g in p.Gates)
            {
                md.Append("  - ").Append(g.Passed ? "passed" : "FAILED").Append(" `").Append(Code(g.Name)).Append('`');
                if (g.Actual is { } actual) md.Append(": actual ").Append(Number(actual));
                if (g.Threshold is { } threshold) md.Append(", threshold ").Append(Number(threshold));
                if (g.ChampionValue is { } champion) md.Append(", champion ").Append(Number(champion));
                if (!string.IsNullOrWhiteSpace(g.Message)) md.Append(" — ").Append(Inline(g.Message));
                md.Append('\n');
            }
        }

        return md.ToString();
    }

    private static void Row(StringBuilder md, string name, string value, bool escape = true) =>
        md.Append("| **").Append(name).Append("** | ").Append(escape ? Cell(value) : value).Append(" |\n");

    private static string Paragraph(string? text) => string.IsNullOrWhiteSpace(text)
        ? NotWritten
        : Html(text.Trim().ReplaceLineEndings("\n"));

    /// <summary>One line of text: no line breaks, no HTML.</summary>
    private static string Inline(string text) => Html(text.ReplaceLineEndings(" "));

    /// <summary>A table cell: one line, no HTML, pipes escaped.</summary>
    private static string Cell(string text) => Inline(text).Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>Inside backticks: a backtick would end the span.</summary>
    private static string Code(string text) => text.ReplaceLineEndings(" ").Replace('`', '\'').Replace("|", "\\|", StringComparison.Ordinal);

    private static string Html(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    private static string Metric(double value) => double.IsFinite(value) ? value.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";

    private static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
