using System.Text.Json;
using Portal.Cli.Http;
using Portal.Cli.Output;

namespace Portal.Cli.Drift;

/// <summary>One drift run as text: a summary line and the per-feature table, drifted features first.</summary>
internal static class DriftReport
{
    public static void Write(TextWriter writer, JsonElement run)
    {
        var window = JsonFields.Object(run, "window") ?? default;
        writer.WriteLine(
            $"{JsonFields.Text(run, "model")} {Cells.Version(JsonFields.Int(run, "version"))}: {JsonFields.Text(run, "status")}, drift share {Cells.Number(JsonFields.Number(run, "driftShare"), "0.00")}, " +
            $"score {Cells.Number(JsonFields.Number(run, "driftScore"), "0.00")}, {JsonFields.Int(window, "rows")} rows from {Cells.Time(JsonFields.Time(window, "from"))} to {Cells.Time(JsonFields.Time(window, "to"))} " +
            $"(run {Cells.Time(JsonFields.Time(run, "at"))}, {JsonFields.Text(run, "trigger")})");
        var table = new Table("FEATURE", "TEST", "STATISTIC", "P_VALUE", "PSI", "SHIFT_SD", "DRIFTED");
        foreach (var f in JsonFields.Array(run, "features").OrderByDescending(f => JsonFields.Bool(f, "drifted") == true).ThenBy(f => JsonFields.Text(f, "name"), StringComparer.Ordinal))
        {
            table.Add(JsonFields.Text(f, "name"), JsonFields.Text(f, "test"), Cells.Number(JsonFields.Number(f, "statistic"), "0.0000"), Cells.Number(JsonFields.Number(f, "pValue"), "0.0000"),
                Cells.Number(JsonFields.Number(f, "psi"), "0.000"), Cells.Number(JsonFields.Number(f, "meanShiftSigma"), "0.00"), Cells.YesNo(JsonFields.Bool(f, "drifted")));
        }

        if (table.Count > 0) table.WriteTo(writer);
    }
}
