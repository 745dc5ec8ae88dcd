using System.ComponentModel.DataAnnotations;
using Allyship.Web.Features.People;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Allyship.Web.Features.Account;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.Accounts)]
public sealed class SignInModel(PasswordSignIn.Handler handler, AccountAttempts attempts, AuthenticationSettings authentication,
    IWebHostEnvironment environment, IConfiguration configuration) : PageModel
{
    /// <summary>
    /// In Development with the demo (seeded at start unless Demo:Seed is false), the page names the demo accounts, so a
    /// newcomer who just ran the app signs in without reading the console. Never in any other environment.
    /// </summary>
    public bool ShowDemoAccounts => environment.IsDevelopment() && configuration.GetValue("Demo:Seed", true);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>Set when the identity provider's answer was refused (a stale or tampered sign-in).</summary>
    [BindProperty(SupportsGet = true, Name = "sso")]
    public string? SsoProblem { get; set; }

    public AuthenticationSettings Authentication => authentication;

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your email address.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        [Display(Name = "Email")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [StringLength(PasswordRules.MaxLength, ErrorMessage = "That is longer than any password here.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in on this device")]
        public bool RememberMe { get; set; }
    }

    public void OnGet()
    {
        if (SsoProblem is not null)
        {
            ModelState.AddModelError("", Infrastructure.Localisation.Text.Words["Signing in with {0} didn't complete (it took too long, or the answer didn't match this browser). Try again.", authentication.Oidc?.DisplayName ?? Infrastructure.Localisation.Text.Words["single sign-on"]]);
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (attempts.TryAttempt(Input.Email) is { } wait)
        {
            return attempts.TooMany(this, wait);
        }

        switch (await handler.SignInAsync(Input.Email, Input.Password, Input.RememberMe))
        {
            case PasswordSignIn.Outcome.SignedIn:
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
            case PasswordSignIn.Outcome.NeedsSecondFactor:
                return RedirectToPage("/Account/TwoFactorSignIn", new { ReturnUrl, Input.RememberMe });
            case PasswordSignIn.Outcome.UseSingleSignOn:
                ModelState.AddModelError("", Infrastructure.Localisation.Text.Words["Passwords are turned off here: use “Sign in with {0}” above. An emergency account signs in only with its exact email and password.", authentication.Oidc?.DisplayName ?? ""]);
                return Page();
            default:
                // The same sentence for an unknown email, a wrong password and a locked account: no hint which accounts exist.
                ModelState.AddModelError("", Infrastructure.Localisation.Text.Words["That email and password don't match. Check both and try again (after 5 tries, wait 15 minutes)."]);
                return Page();
        }
    }
}
