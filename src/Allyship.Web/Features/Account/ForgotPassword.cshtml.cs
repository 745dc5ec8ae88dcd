using System.ComponentModel.DataAnnotations;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Allyship.Web.Features.Account;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.Accounts)]
public sealed class ForgotPasswordModel(PasswordReset.Handler handler, Infrastructure.AccountAttempts attempts) : PageModel
{
    [BindProperty]
    [Display(Name = "Your email")]
    [Required(ErrorMessage = "Enter the email you sign in with.")]
    public string? Email { get; set; }

    public bool Sent { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (attempts.TryAttempt(Email ?? "") is { } wait)
        {
            return attempts.TooMany(this, wait);
        }

        await handler.RequestAsync(Email, ct);
        Sent = true; // the same answer whether or not the email has an account
        return Page();
    }
}
