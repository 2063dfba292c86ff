using Portal.Web.Extensions;
using Portal.Web.Security;

var builder = WebApplication.CreateBuilder(HostingExtensions.PortalBuilderOptions(args));
builder.AddPortalHosting();
var paths = builder.AddPortalConfiguration();
builder.AddPortalCore(paths);
builder.AddPortalFleet();
builder.AddPortalAuth(paths);
builder.AddPortalFleetSync(paths);
builder.AddPortalRateLimits();
builder.AddPortalApi();
builder.AddPortalHealth();
builder.AddPortalMetrics();
builder.AddPortalUi();
builder.AddPortalSecurity();

var app = builder.Build();
await app.InitializePortalAsync();

app.UsePortalSecurityHeaders();
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
