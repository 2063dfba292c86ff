namespace Portal.Web.Components.Pages.Models;

/// <summary>How one feature differs between two versions' schemas.</summary>
public sealed record SchemaChange(string Feature, SchemaChangeKind Kind, string Detail);
