using Portal.Core.Audit;
using Portal.Core.Common;
using Portal.Core.Datasets;

namespace Portal.Core.Registry;

/// <summary>Reads a version's model card and updates its editable text (intended use, limitations), auditing each change.</summary>
public sealed class ModelCardService(IModelRegistry registry, DatasetService datasets, IAuditLog audit)
{
    /// <summary>The longest intended-use or limitations text accepted.</summary>
    public const int MaxTextLength = TextLimits.Text;

    /// <summary>The card, or null when the model has no such version.</summary>
    public async Task<ModelCard?> GetAsync(string model, int version, CancellationToken ct = default)
    {
        var found = await registry.GetVersionAsync(model, version, ct);
        return found is null ? null : await BuildAsync(found, ct);
    }

    /// <summary>Each field that is too long, with its message; empty when the text can be saved.</summary>
    public static IReadOnlyDictionary<string, string[]> Validate(string? intendedUse, string? limitations)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (TextLimits.Check(intendedUse, MaxTextLength) is { } intendedUseTooLong) errors["intendedUse"] = [intendedUseTooLong];
        if (TextLimits.Check(limitations, MaxTextLength) is { } limitationsTooLong) errors["limitations"] = [limitationsTooLong];
        return errors;
    }

    /// <summary>
    /// Replaces the card's intended use and limitations (blank clears a field) and records <see cref="AuditActions.CardUpdated"/>.
    /// Null when the model has no such version. Throws <see cref="ArgumentException"/> when <see cref="Validate"/> finds errors.
    /// </summary>
    public async Task<ModelCard?> UpdateAsync(string model, int version, string? intendedUse, string? limitations, string user, CancellationToken ct = default)
    {
        var errors = Validate(intendedUse, limitations);
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors.Select(e => $"{e.Key} {string.Join(" ", e.Value)}")));
        var before = await registry.GetVersionAsync(model, version, ct);
        if (before is null) return null;
        var updated = await registry.UpdateCardAsync(model, version, Normalize(intendedUse), Normalize(limitations), ct);
        if (updated is null) return null;
        await audit.RecordAsync(user, AuditActions.CardUpdated, $"{model} v{version}", new
        {
            before = new { intendedUse = before.IntendedUse, limitations = before.Limitations },
            after = new { intendedUse = updated.IntendedUse, limitations = updated.Limitations },
        }, CancellationToken.None);
        return await BuildAsync(updated, ct);
    }

    private async Task<ModelCard> BuildAsync(ModelVersionInfo version, CancellationToken ct)
    {
        var dataset = version.DatasetId is { } id ? await datasets.GetAsync(id, ct) : null;
        var history = await registry.GetHistoryAsync(version.Model, null, ct);
        return ModelCardBuilder.Build(version, dataset, history);
    }

    /// <summary>The text as stored: trimmed, with \n line endings; blank is null.</summary>
    public static string? Normalize(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim().ReplaceLineEndings("\n");
}
