using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Account;

[AllowAnonymous]
public sealed class SignOutModel(ChangePassword.Handler handler) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Home/Index");

    /// <summary>
    /// Signing out ends every session of the account, not just this browser's cookie: a new security stamp (checked and
    /// audited, in one transaction) makes every other cookie fail its next check: at once on this instance, at most a
    /// minute later on the others.
    /// </summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await handler.SignOutEverywhereAsync(User, ct);
        TempData["Status"] = Infrastructure.Localisation.Text.Words["You're signed out."].Value;
        return RedirectToPage("/Home/Index");
    }
}
