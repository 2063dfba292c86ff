namespace Portal.Core.Explanations;

/// <summary>The file kept beside a version's zip: its background, and the SHA-256 of the zip it was computed for.</summary>
internal sealed record ExplanationFile(string ArtefactSha256, ExplanationBackground Background);
