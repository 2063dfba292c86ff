using Microsoft.AspNetCore.Identity;

namespace Portal.Data.Entities;

/// <summary>A person who signs in. Role membership goes through Identity's roles (exactly one of Viewer, DataScientist, Admin).</summary>
public sealed class PortalUser : IdentityUser
{
    public bool Disabled { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
