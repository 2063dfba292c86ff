using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Common;
using Portal.Core.Predictions;
using Portal.Web.Api.Contracts;
using Portal.Web.Api.Errors;
using Portal.Web.Auth;

namespace Portal.Web.Api;

/// <summary>Late-arriving true labels of logged predictions: JSON or CSV, good rows kept, bad rows reported by line.</summary>
public static class LabelsApi
{
    public static RouteGroupBuilder MapLabelsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/labels", Upload).RequireAuthorization(Policies.DataScientist).WithTags("Monitoring").WithName("UploadLabels")
            .WithSummary("JSON [{predictionId,label,labelTimestamp,source}], or a CSV (multipart 'file' or a text/csv or text/plain body) with the header prediction_id,true_label,label_timestamp,label_source.")
            // Every type the handler reads must be listed: routing answers 415 itself for any other.
            .Accepts<List<LabelItem>>("application/json", "text/csv", "text/plain", "application/csv", "multipart/form-data");
        return api;
    }

    public static async Task<Results<Ok<LabelReportResponse>, ProblemHttpResult>> Upload(HttpRequest request, LabelIngestion ingestion, ClaimsPrincipal user, CancellationToken ct)
    {
        var by = UserNames.Of(user);
        try
        {
            LabelIngestionReport report;
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormSafelyAsync(ct);
                var file = form.Files.GetFile("file");
                if (file is null || file.Length == 0)
                    return ApiProblems.Invalid("file", file is null ? "A labels CSV is required in the multipart field 'file'." : "The file is empty.");
                await using var stream = file.OpenReadStream();
                report = await ingestion.IngestCsvAsync(stream, by, ct);
            }
            else if (request.HasJsonContentType())
            {
                // Read whole to check it is UTF-8 first: the JSON reader would only fail on a bad string when decoding it (a 500).
                using var body = await PooledBody.ReadAsync(request, ct);
                if (Utf8Text.FirstInvalidByte(body.Span) is var bad and >= 0)
                    return ApiProblems.Invalid("body", $"The body {Utf8Text.NotValid(bad)}.");
                JsonDocument doc;
                try
                {
                    doc = JsonDocument.Parse(body.Memory);
                }
                catch (JsonException ex)
                {
                    return ApiProblems.Invalid("body", $"The body is not valid JSON: {ex.Message}");
                }

                using (doc) report = await ingestion.IngestJsonAsync(doc.RootElement, by, ct);
            }
            else if (IsCsv(request.ContentType))
            {
                report = await ingestion.IngestCsvAsync(request.Body, by, ct);
            }
            else
            {
                return ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                    "Send labels as application/json, as text/csv, or as multipart/form-data with the CSV in a field named 'file'.");
            }

            return TypedResults.Ok(new LabelReportResponse(report.Accepted, report.Rejected.Select(r => new RejectedLabelResponse(r.Line, r.PredictionId, r.Error)).ToList()));
        }
        catch (LabelFormatException ex)
        {
            return ApiProblems.Invalid(ex.Message, new Dictionary<string, string[]> { ["file"] = [ex.Message] }, StatusCodes.Status422UnprocessableEntity);
        }
    }

    private static bool IsCsv(string? contentType) =>
        contentType is not null && (contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase)
            || contentType.StartsWith("application/csv", StringComparison.OrdinalIgnoreCase));

    /// <summary>One label as JSON (documents the body in OpenAPI).</summary>
    public sealed record LabelItem(string PredictionId, string Label, DateTimeOffset? LabelTimestamp, string? Source);
}
