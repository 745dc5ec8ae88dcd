using Microsoft.AspNetCore.Identity;

namespace Allyship.Web.Data;

public sealed class AppUser : IdentityUser, IHasCreatedUtc
{
    public string DisplayName { get; set; } = "";

    /// <summary>The mentor's own department, for the dashboard's and reports' breakdowns.</summary>
    public string? Department { get; set; }

    public DateTime CreatedUtc { get; set; }
}
