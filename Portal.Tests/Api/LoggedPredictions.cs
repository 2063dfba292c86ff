using Microsoft.Extensions.DependencyInjection;
using Portal.Core.Predictions;

namespace Portal.Tests.Api;

/// <summary>Writes prediction records straight into the log's store, so tests never wait for the background writer.</summary>
public static class LoggedPredictions
{
    public static async Task<PredictionRecord[]> AddAsync(PortalFactory factory, int count, DateTimeOffset at, string? inputsJson = null,
        Func<int, double>? probability = null, int version = 1, string model = TrainedModelFixture.Model)
    {
        var records = Enumerable.Range(0, count)
            .Select(i =>
            {
                var p = probability?.Invoke(i) ?? 0.8;
                return new PredictionRecord(PredictionIds.Next(at.AddMinutes(i)), model, version, "champion", inputsJson ?? """{"mean_radius":17.99,"mean_texture":10.38}""",
                    p >= 0.5 ? "malignant" : "benign", p, 1.2, at.AddMinutes(i));
            })
            .ToArray();
        await factory.Services.GetRequiredService<IPredictionStore>().AddBatchAsync(records);
        return records;
    }
}
