using Microsoft.AspNetCore.Identity;

namespace Allyship.Web.Data;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    public DateTime CreatedUtc { get; set; }
}
