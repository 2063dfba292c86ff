// The floor: what no predict endpoint on this stack (ASP.NET Core minimal APIs on Kestrel, System.Text.Json)
// can beat. Same route and same JSON body as the portal's predict; the body is parsed in full (a JsonDocument,
// as the portal does), nothing is scored, and a constant answer of the portal's shape goes back.
// No authentication, no logging, no metrics, no database.
using System.Text.Json;
using System.Text.Json.Serialization;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, FloorJson.Default));
var app = builder.Build();

var id = Guid.Parse("00000000-0000-0000-0000-000000000001");
app.MapGet("/health", () => TypedResults.Ok(new Health("healthy")));
app.MapPost("/api/models/{name}/predict", async (string name, HttpRequest request) =>
{
    using var body = await JsonDocument.ParseAsync(request.Body);
    var root = body.RootElement;
    if (root.TryGetProperty("instances", out var instances))
    {
        var items = new List<Item>(instances.GetArrayLength());
        foreach (var _ in instances.EnumerateArray()) items.Add(new Item(id, "good", 0.25));
        return Results.Ok(new Batch(name, 1, items));
    }

    return root.TryGetProperty("features", out _)
        ? Results.Ok(new Single(id, name, 1, "good", 0.25))
        : Results.BadRequest();
});
app.Run();

internal sealed record Health(string Status);
internal sealed record Single(Guid PredictionId, string Model, int Version, string Label, double Probability);
internal sealed record Item(Guid PredictionId, string Label, double Probability);
internal sealed record Batch(string Model, int Version, List<Item> Predictions);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(Health))]
[JsonSerializable(typeof(Single))]
[JsonSerializable(typeof(Batch))]
internal sealed partial class FloorJson : JsonSerializerContext;
