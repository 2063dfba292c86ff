using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Core.Common;
using Portal.Core.Datasets;
using Portal.Web.Api.Contracts;
using Portal.Web.Api.Errors;
using Portal.Web.Api.Limits;
using Portal.Web.Auth;

namespace Portal.Web.Api;

public static class DatasetsApi
{
    public static RouteGroupBuilder MapDatasetsApi(this RouteGroupBuilder api)
    {
        var datasets = api.MapGroup("/datasets").WithTags("Datasets");
        datasets.MapPost("/", Upload).RequireAuthorization(Policies.DataScientist).WithName("UploadDataset").ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Upload a CSV (multipart field 'file', optional 'name'; or the raw text/csv body with ?fileName= and optional ?name=, read as it arrives); it is streamed to disk, profiled in one pass and kept. Past Portal:Datasets:MaxUploadMegabytes it answers 413. Content that is already a dataset answers 409 naming it, unless ?allowDuplicate=true.")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute());
        datasets.MapGet("/", List).WithName("ListDatasets").WithSummary("Uploaded datasets with their row and column counts.");
        datasets.MapGet("/{id:int}", Get).WithName("GetDataset").WithSummary("A dataset with its per-column profile.");
        datasets.MapPatch("/{id:int}", Rename).RequireAuthorization(Policies.DataScientist).WithName("RenameDataset")
            .WithSummary("Rename a dataset: body {\"name\": \"...\"}.");
        datasets.MapDelete("/{id:int}", Delete).RequireAuthorization(Policies.DataScientist).WithName("DeleteDataset")
            .WithSummary("Delete a dataset and its stored file; 409 naming the versions trained on it while any exists.");
        return api;
    }

    public static async Task<Results<Created<DatasetResponse>, ProblemHttpResult>> Upload(
        HttpRequest request, DatasetService datasets, ClaimsPrincipal user, CancellationToken ct, bool allowDuplicate = false,
        string? name = null, string? fileName = null)
    {
        // A raw text/csv body is read as it arrives; a multipart form is first spooled to disk by ASP.NET (above 64 KB).
        if (IsCsvBody(request)) return await UploadCsvBody(request, datasets, user, allowDuplicate, name, fileName, ct);
        if (!request.HasFormContentType)
            return ApiProblems.Status(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the CSV as multipart/form-data in a field named 'file', or as the text/csv body with ?fileName=.");
        var form = await request.ReadFormSafelyAsync(ct);
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
            return ApiProblems.Invalid("file", file is null ? "A CSV file is required in the multipart field 'file'." : "The file is empty.");
        var formName = form["name"].FirstOrDefault() ?? name;
        Dictionary<string, string[]>? tooLong = null;
        TextLimitsFilter.Check("name", formName, TextLimits.Name, ref tooLong);
        // Without a name the file's name becomes the dataset's, so it is bounded alike.
        TextLimitsFilter.Check("file", file.FileName, TextLimits.Name, ref tooLong);
        if (tooLong is not null) return TextLimitsFilter.Problem(tooLong);

        await using var stream = file.OpenReadStream();
        return await Import(stream, file.FileName, formName, datasets, user, allowDuplicate, ct);
    }

    private static bool IsCsvBody(HttpRequest request) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type) &&
        type.MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase);

    private static async Task<Results<Created<DatasetResponse>, ProblemHttpResult>> UploadCsvBody(
        HttpRequest request, DatasetService datasets, ClaimsPrincipal user, bool allowDuplicate, string? name, string? fileName, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(fileName)) return ApiProblems.Invalid("fileName", "A text/csv body needs ?fileName= (e.g. credit.csv).");
        Dictionary<string, string[]>? tooLong = null;
        TextLimitsFilter.Check("name", name, TextLimits.Name, ref tooLong);
        TextLimitsFilter.Check("fileName", fileName, TextLimits.Name, ref tooLong);
        if (tooLong is not null) return TextLimitsFilter.Problem(tooLong);
        if (request.ContentLength == 0) return ApiProblems.Invalid("file", "The file is empty.");
        return await Import(request.Body, fileName, name, datasets, user, allowDuplicate, ct);
    }

    private static async Task<Results<Created<DatasetResponse>, ProblemHttpResult>> Import(
        Stream stream, string fileName, string? name, DatasetService datasets, ClaimsPrincipal user, bool allowDuplicate, CancellationToken ct)
    {
        try
        {
            var dataset = await datasets.ImportAsync(stream, fileName, name, UserNames.Of(user), allowDuplicate, ct);
            return TypedResults.Created($"/api/datasets/{dataset.Id}", dataset.ToResponse());
        }
        catch (CsvFormatException ex)
        {
            var problem = ApiProblems.Invalid(ex.Message, new Dictionary<string, string[]> { ["file"] = [ex.Message] }, StatusCodes.Status422UnprocessableEntity);
            if (ex.Line is { } line) problem.ProblemDetails.Extensions["line"] = line;
            return problem;
        }
        catch (DatasetTooLargeException ex)
        {
            return ApiProblems.Status(StatusCodes.Status413PayloadTooLarge, "File too large", ex.Message);
        }
        catch (DuplicateDatasetException ex)
        {
            var problem = ApiProblems.Status(StatusCodes.Status409Conflict, "Duplicate dataset",
                $"{ex.Message} Use that one, or send ?allowDuplicate=true to register the same content again.");
            problem.ProblemDetails.Extensions["datasetId"] = ex.Existing.Id;
            problem.ProblemDetails.Extensions["datasetName"] = ex.Existing.Name;
            return problem;
        }
    }

    public static async Task<Results<Ok<DatasetResponse>, ProblemHttpResult>> Rename(
        int id, RenameDatasetRequest body, DatasetChanges changes, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(body.Name)) return ApiProblems.Invalid("name", "A new name is required.");
        return await changes.RenameAsync(id, body.Name, UserNames.Of(user), ct) is { } dataset
            ? TypedResults.Ok(dataset.ToResponse())
            : ApiProblems.NotFound($"Dataset {id} does not exist.");
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(int id, DatasetChanges changes, ClaimsPrincipal user, CancellationToken ct)
    {
        var deletion = await changes.DeleteAsync(id, UserNames.Of(user), ct);
        if (!deletion.Found) return ApiProblems.NotFound($"Dataset {id} does not exist.");
        if (deletion.Deleted) return TypedResults.NoContent();
        var problem = ApiProblems.Conflict(
            $"Dataset {id} (\"{deletion.Dataset!.Name}\") is used by {string.Join(", ", deletion.UsedBy)}; a dataset that a version was trained on is kept.");
        problem.ProblemDetails.Extensions["usedBy"] = deletion.UsedBy.Select(u => new { model = u.Model, version = u.Version }).ToList();
        return problem;
    }

    public static async Task<Ok<List<DatasetResponse>>> List(DatasetService datasets, CancellationToken ct) =>
        TypedResults.Ok((await datasets.ListAsync(ct)).Select(d => d.ToResponse()).ToList());

    public static async Task<Results<Ok<DatasetDetailResponse>, ProblemHttpResult>> Get(int id, DatasetService datasets, CancellationToken ct) =>
        await datasets.GetAsync(id, ct) is { } dataset ? TypedResults.Ok(dataset.ToDetailResponse()) : ApiProblems.NotFound($"Dataset {id} does not exist.");
}
