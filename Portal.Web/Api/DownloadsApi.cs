using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Portal.Core.Drift;
using Portal.Core.Registry;
using Portal.Web.Auth;

namespace Portal.Web.Api;

/// <summary>
/// Files the browser downloads with its cookie. The cookie never authenticates /api, so pages link here
/// (outside /api) for what an API client would GET with a token: a model card as JSON or Markdown.
/// </summary>
public static class DownloadsApi
{
    // One indented copy of the app's JSON options, built on first use (options are immutable once used).
    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> IndentedCache = new();

    public static IEndpointRouteBuilder MapDownloads(this IEndpointRouteBuilder app)
    {
        var downloads = app.MapGroup("/download").RequireAuthorization(Policies.Viewer).ExcludeFromDescription();
        downloads.MapGet("/models/{name}/versions/{version:int}/card.json", CardJson).WithName("DownloadModelCardJson");
        downloads.MapGet("/models/{name}/versions/{version:int}/card.md", CardMarkdown).WithName("DownloadModelCardMarkdown");
        downloads.MapGet("/models/{name}/drift/report.html", DriftReport).WithName("DownloadDriftReport");
        return app;
    }

    public static async Task<Results<FileContentHttpResult, NotFound>> CardJson(
        string name, int version, ModelCardService cards, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        if (await cards.GetAsync(name, version, ct) is not { } card) return TypedResults.NotFound();
        var options = IndentedCache.GetValue(json.Value.SerializerOptions, o => new JsonSerializerOptions(o) { WriteIndented = true });
        return TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(card, options), "application/json", FileName(card, "json"));
    }

    public static async Task<Results<FileContentHttpResult, NotFound>> CardMarkdown(string name, int version, ModelCardService cards, CancellationToken ct)
    {
        if (await cards.GetAsync(name, version, ct) is not { } card) return TypedResults.NotFound();
        return TypedResults.File(Encoding.UTF8.GetBytes(ModelCardMarkdown.Render(card)), ModelCardMarkdown.ContentType + "; charset=utf-8", FileName(card, "md"));
    }

    public static async Task<Results<FileContentHttpResult, NotFound>> DriftReport(string name, DriftService drift, CancellationToken ct)
    {
        if (await drift.LatestAsync(name, ct) is not { } run) return TypedResults.NotFound();
        return TypedResults.File(Encoding.UTF8.GetBytes(DriftReportHtml.Render(run)), DriftReportHtml.ContentType + "; charset=utf-8",
            $"{run.Model}-v{run.Version}-drift-{run.At.UtcDateTime:yyyyMMdd-HHmm}.html");
    }

    private static string FileName(ModelCard card, string extension) => $"{card.Model}-v{card.Version}-card.{extension}";
}
