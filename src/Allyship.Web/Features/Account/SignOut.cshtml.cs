using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Account;

[AllowAnonymous]
public sealed class SignOutModel(SignInManager<AppUser> signIn, UserManager<AppUser> users) : PageModel
{
    public IActionResult OnGet() => RedirectToPage("/Home/Index");

    /// <summary>
    /// Signing out ends every session of the account, not just this browser's cookie: a new security stamp makes every
    /// other cookie fail its next check: at once on this instance, at most a minute later on the others.
    /// </summary>
    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true && await users.GetUserAsync(User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
            Sessions.EndHere(HttpContext, User);
        }

        await signIn.SignOutAsync();
        TempData["Status"] = "You're signed out.";
        return RedirectToPage("/Home/Index");
    }
}
