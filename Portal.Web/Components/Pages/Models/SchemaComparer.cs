using Portal.Core.Training;

namespace Portal.Web.Components.Pages.Models;

/// <summary>The differences between two feature schemas, feature by feature, in the order of the newer schema then the removed ones.</summary>
public static class SchemaComparer
{
    public static IReadOnlyList<SchemaChange> Compare(FeatureSchema from, FeatureSchema to)
    {
        var before = from.Features.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var after = to.Features.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var changes = new List<SchemaChange>();
        foreach (var feature in to.Features)
        {
            if (!before.TryGetValue(feature.Name, out var old))
            {
                changes.Add(new SchemaChange(feature.Name, SchemaChangeKind.Added, Describe(feature)));
                continue;
            }

            if (old.Type != feature.Type)
            {
                changes.Add(new SchemaChange(feature.Name, SchemaChangeKind.TypeChanged, $"{TypeName(old)} → {TypeName(feature)}"));
                continue;
            }

            var oldCategories = Visible(old);
            var newCategories = Visible(feature);
            if (!oldCategories.SequenceEqual(newCategories, StringComparer.Ordinal))
            {
                var added = newCategories.Except(oldCategories, StringComparer.Ordinal).ToList();
                var removed = oldCategories.Except(newCategories, StringComparer.Ordinal).ToList();
                var parts = new List<string>();
                if (added.Count > 0) parts.Add("added " + string.Join(", ", added));
                if (removed.Count > 0) parts.Add("removed " + string.Join(", ", removed));
                if (parts.Count == 0) parts.Add("reordered");
                changes.Add(new SchemaChange(feature.Name, SchemaChangeKind.CategoriesChanged, string.Join("; ", parts)));
            }

            if (old.AllowMissing != feature.AllowMissing)
                changes.Add(new SchemaChange(feature.Name, SchemaChangeKind.MissingChanged, feature.AllowMissing ? "missing values now allowed" : "missing values no longer allowed"));
        }

        foreach (var feature in from.Features.Where(f => !after.ContainsKey(f.Name)))
            changes.Add(new SchemaChange(feature.Name, SchemaChangeKind.Removed, Describe(feature)));
        return changes;
    }

    private static IReadOnlyList<string> Visible(FeatureSpec feature) =>
        (feature.Categories ?? []).Where(c => c is not FeatureSchema.MissingCategory and not FeatureSchema.OtherCategory).ToList();

    private static string TypeName(FeatureSpec feature) => feature.Type.ToString().ToLowerInvariant();

    private static string Describe(FeatureSpec feature) =>
        Visible(feature) is { Count: > 0 } categories ? $"{TypeName(feature)} ({string.Join(", ", categories)})" : TypeName(feature);
}
