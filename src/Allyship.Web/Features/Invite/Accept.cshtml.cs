using System.ComponentModel.DataAnnotations;
using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Allyship.Web.Features.Invite;

[AllowAnonymous]
[EnableRateLimiting(RateLimits.Accounts)]
public sealed class AcceptModel(AcceptInvitation.Handler handler, AccountAttempts attempts, ExternalSignIn external, AuthenticationSettings authentication) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public AcceptInvitation.Lookup Lookup { get; private set; } = new(AcceptInvitation.LinkState.Unknown, null);

    public sealed class InputModel
    {
        [Display(Name = "Your name")]
        public string? Name { get; set; }

        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(PasswordRules.MaxLength, MinimumLength = PasswordRules.MinLength, ErrorMessage = PasswordRules.LengthMessage)]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type the password again.")]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
        [DataType(DataType.Password)]
        public string Confirm { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        Lookup = await handler.FindAsync(token, ct);
        if (Lookup.State != AcceptInvitation.LinkState.Valid)
        {
            Response.StatusCode = StatusCodes.Status410Gone;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return await OnGetAsync(token, ct);
        }

        if (attempts.TryAttempt("invite:" + token) is { } wait)
        {
            return attempts.TooMany(this, wait);
        }

        // Signed in (or at the second step) by the handler, through the sign-in page's own rules.
        var outcome = await handler.AcceptAsync(token, Input.Name, Input.Password, ct);
        if (ShowRefusal(outcome) is null)
        {
            return Page();
        }

        if (outcome.SignIn == PasswordSignIn.Outcome.NeedsSecondFactor)
        {
            return RedirectToPage("/Account/TwoFactorSignIn", new { ReturnUrl = FirstPage(outcome) });
        }

        TempData["Status"] = Infrastructure.Localisation.Text.Words["Welcome to Allyship. Your account is ready."].Value;
        return LocalRedirect(FirstPage(outcome));
    }

    public AuthenticationSettings Authentication => authentication;

    /// <summary>"Accept with Contoso": off to the company's identity provider, back to <see cref="OnGetSingleSignOnDoneAsync"/>.</summary>
    public IActionResult OnGetSingleSignOn(string token)
    {
        if (authentication.Oidc is null)
        {
            return NotFound();
        }

        var back = Url.Page("/Invite/Accept", "SingleSignOnDone", new { token });
        return external.Challenge(back!);
    }

    public async Task<IActionResult> OnGetSingleSignOnDoneAsync(string token, CancellationToken ct)
    {
        var outcome = await handler.AcceptWithSingleSignOnAsync(token, external, ct);
        if (ShowRefusal(outcome) is not { } user)
        {
            return Page();
        }

        var result = await external.SignInAsync(user, (await external.ReturnedAsync())!);
        if (result.RequiresTwoFactor)
        {
            return RedirectToPage("/Account/TwoFactorSignIn");
        }

        TempData["Status"] = Infrastructure.Localisation.Text.Words["Welcome to Allyship. Your account is ready."].Value;
        return LocalRedirect(FirstPage(outcome));
    }

    /// <summary>A mentor invited into a program starts on the welcome; anyone else on their home page.</summary>
    private static string FirstPage(AcceptInvitation.Outcome outcome) =>
        outcome.Lookup.Invitation is { ProgramId: { } programId } invitation && invitation.RoleList.Contains(Roles.Mentor)
            ? $"/welcome?program={programId}"
            : "/";

    /// <summary>The account the accept came to, or null with the page set to say why (410 when the link no longer works).</summary>
    private AppUser? ShowRefusal(AcceptInvitation.Outcome outcome)
    {
        Lookup = outcome.Lookup;
        if (outcome.User is null)
        {
            if (outcome.Errors.Count == 0)
            {
                Response.StatusCode = StatusCodes.Status410Gone;
            }

            FormErrors.AddTo(ModelState, outcome.Errors);
        }

        return outcome.User;
    }

    public string? ErrorFor(string field) => FormErrors.For(ModelState, field);
}
