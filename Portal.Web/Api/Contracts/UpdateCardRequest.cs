namespace Portal.Web.Api.Contracts;

/// <summary>The editable text of a model card; a missing, null or blank field clears it.</summary>
public sealed record UpdateCardRequest(string? IntendedUse, string? Limitations);
