using Portal.Web.Extensions;

var builder = WebApplication.CreateBuilder(args);
var paths = builder.AddPortalConfiguration();
builder.AddPortalCore(paths);
builder.AddPortalAuth(paths);
builder.AddPortalRateLimits();
builder.AddPortalApi();
builder.AddPortalHealth();
builder.AddPortalMetrics();
builder.AddPortalUi();

var app = builder.Build();
await app.InitializePortalAsync();

app.UsePortalMetrics();
app.UsePortalErrorHandling();
app.UseAuthentication();
app.UsePortalRateLimits();
app.UseAuthorization();
app.UseAntiforgery();

app.MapPortalApi();
app.MapPortalMetrics();
app.MapPortalUi();

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
