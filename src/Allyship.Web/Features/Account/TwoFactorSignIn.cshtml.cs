using System.ComponentModel.DataAnnotations;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Allyship.Web.Features.Account;

/// <summary>The second step of signing in: a code from the authenticator app, or a recovery code.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Accounts)]
public sealed class TwoFactorSignInModel(TwoFactor.Handler handler, AccountAttempts attempts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool RememberMe { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool UseRecoveryCode { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Type the code.")]
    [StringLength(40, ErrorMessage = "That is longer than any code.")]
    [Display(Name = "Code")]
    public string Code { get; set; } = "";

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (await handler.PendingSignInAsync() is not { } userId)
        {
            TempData["Status"] = Infrastructure.Localisation.Text.Words["That sign-in took too long. Sign in again."].Value;
            return RedirectToPage("/Account/SignIn", new { ReturnUrl });
        }

        if (attempts.TryAttempt("code:" + userId) is { } wait)
        {
            return attempts.TooMany(this, wait);
        }

        var result = await handler.SignInAsync(Code, UseRecoveryCode, RememberMe);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        ModelState.AddModelError(nameof(Code), UseRecoveryCode
            ? Infrastructure.Localisation.Text.Words["That recovery code doesn't match, or was already used."]
            : Infrastructure.Localisation.Text.Words["That code doesn't match. Type the 6 digits your app shows now; each code works once."]);
        return Page();
    }
}
