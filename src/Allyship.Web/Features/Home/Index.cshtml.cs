using Allyship.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Home;

/// <summary>The public home. Signed-in mentors land on their week, program admins on their programs.</summary>
[AllowAnonymous]
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() =>
        User.IsInRole(Roles.Mentor) ? RedirectToPage("/Week/Index")
        : User.IsInRole(Roles.ProgramAdmin) ? Redirect("/admin")
        : User.IsInRole(Roles.HR) ? Redirect("/reports")
        : Page();
}
