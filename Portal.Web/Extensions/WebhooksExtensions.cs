using System.Net;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Portal.Core.Webhooks;
using Portal.Web.Background;
using Portal.Web.Metrics;
using Portal.Web.Webhooks;

namespace Portal.Web.Extensions;

public static class WebhooksExtensions
{
    /// <summary>Webhook registration and delivery services (no worker: events published here are only queued).</summary>
    public static IServiceCollection AddPortalWebhookServices(this IServiceCollection services, PortalPaths paths)
    {
        // The same key ring as the cookies (AddPortalAuth), so secrets stay readable after a restart.
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(paths.DataPath, "keys"))).SetApplicationName("Portal");
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<PortalOptions>>().Value.Webhooks;
            return new WebhookSettings(o.MaxAttempts, TimeSpan.FromSeconds(o.TimeoutSeconds), TimeSpan.FromSeconds(o.BackoffSeconds), o.AllowPrivateTargets, o.QueueCapacity);
        });
        services.AddSingleton<HostResolver>(_ => (host, ct) => Dns.GetHostAddressesAsync(host, ct));
        services.AddSingleton<IWebhookSecretProtector, DataProtectionWebhookSecrets>();
        services.AddSingleton<WebhookCounts>();
        services.AddHttpClient(HttpWebhookTransport.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan) // the transport times each attempt
            .ConfigurePrimaryHttpMessageHandler(sp => HttpWebhookTransport.CreateHandler(sp.GetRequiredService<WebhookSettings>(), sp.GetRequiredService<HostResolver>()))
            // Its request log would write every target URL (chat webhooks carry their token in the path) at Information.
            .RemoveAllLoggers();
        services.AddSingleton<IWebhookTransport, HttpWebhookTransport>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<WebhookService>();
        services.AddSingleton(sp =>
        {
            var queue = new WebhookQueue(sp.GetRequiredService<WebhookSettings>().QueueCapacity);
            var log = sp.GetRequiredService<ILogger<WebhookQueue>>();
            queue.Shed += (e, total) => log.LogWarning("The webhook queue is full: the {Event} event of {Model} was shed ({Total} so far, portal_webhook_events_shed_total)", e.Type, e.Model, total);
            return queue;
        });
        return services;
    }

    /// <summary>The app's webhooks: published events go to the queue, the worker stores and delivers them, the metrics count them.</summary>
    public static IServiceCollection AddPortalWebhookDelivery(this IServiceCollection services)
    {
        services.AddSingleton<IWebhookPublisher>(sp => sp.GetRequiredService<WebhookQueue>());
        services.AddSingleton<WebhookMetrics>();
        services.AddHostedService<WebhookWorker>();
        return services;
    }
}
