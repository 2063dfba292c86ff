using System.Text.Json;
using Portal.Core.Predictions;

namespace Portal.Tests.Data.Privacy;

/// <summary>
/// A prediction log holding personal data stored raw (as if logged before the rules changed): every other row has a
/// Name, every third an e-mail, every fifth a phone number; the other values, oddly formatted numbers included, must
/// come out of a scrub byte for byte.
/// </summary>
public static class ScrubbedLog
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<PredictionRecord> Rows(int count, DateTimeOffset? from = null)
    {
        var start = from ?? Start;
        return Enumerable.Range(0, count).Select(i =>
        {
            var at = start.AddSeconds(i);
            var parts = new List<string> { $"\"Home\":\"rent {i}\"", $"\"Income\":{i}.50E2" };
            if (i % 2 == 0) parts.Add($"\"Name\":\"Person {i}\"");
            if (i % 3 == 0) parts.Add($"\"Email\":\"user{i}@example.com\"");
            if (i % 5 == 0) parts.Add($"\"Tel\":\"555-123-{i:0000}\"");
            return new PredictionRecord(PredictionIds.Next(at), "m", 1, "champion", "{" + string.Join(",", parts) + "}", "yes", 0.5, 1, at);
        }).ToList();
    }

    /// <summary>The values of <paramref name="count"/> rows that the rules (Name configured) redact, per field.</summary>
    public static Dictionary<string, long> ExpectedFields(int count, bool nameConfigured = true)
    {
        var fields = new Dictionary<string, long>
        {
            ["Email"] = Enumerable.Range(0, count).Count(i => i % 3 == 0),
            ["Tel"] = Enumerable.Range(0, count).Count(i => i % 5 == 0),
        };
        if (nameConfigured) fields["Name"] = Enumerable.Range(0, count).Count(i => i % 2 == 0);
        return fields;
    }

    /// <summary>Asserts that <paramref name="stored"/> is <paramref name="original"/> with the personal values redacted and nothing else changed.</summary>
    public static void AssertScrubbed(string original, string stored, bool nameConfigured = true)
    {
        using var before = JsonDocument.Parse(original);
        using var after = JsonDocument.Parse(stored);
        var personal = nameConfigured ? new[] { "Name", "Email", "Tel" } : ["Email", "Tel"];
        var changed = false;
        foreach (var property in before.RootElement.EnumerateObject())
        {
            var now = after.RootElement.GetProperty(property.Name);
            if (personal.Contains(property.Name))
            {
                Assert.Equal(PiiRedactor.Redacted, now.GetString());
                changed = true;
            }
            else
            {
                Assert.Equal(property.Value.GetRawText(), now.GetRawText());
            }
        }

        if (!changed) Assert.Equal(original, stored);
    }
}
