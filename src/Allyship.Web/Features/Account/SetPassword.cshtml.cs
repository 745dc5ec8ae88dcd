using System.ComponentModel.DataAnnotations;
using Allyship.Web.Data;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Allyship.Web.Features.Account;

/// <summary>The one-time link from create-admin, or from "forgot password": the person chooses a password and is signed in.</summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Accounts)]
public sealed class SetPasswordModel(PasswordReset.Handler handler, SignInManager<AppUser> signIn, AccountAttempts attempts) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Via { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool LinkInvalid { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(PasswordRules.MaxLength, MinimumLength = PasswordRules.MinLength, ErrorMessage = PasswordRules.LengthMessage)]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type the password again.")]
        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
        [Display(Name = "New password, again")]
        public string Confirm { get; set; } = "";
    }

    private PasswordReset.Via Kind => Via == "reset" ? PasswordReset.Via.Reset : PasswordReset.Via.Setup;

    public async Task<IActionResult> OnGetAsync()
    {
        LinkInvalid = await handler.CheckAsync(UserId, Code, Kind) is null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            LinkInvalid = await handler.CheckAsync(UserId, Code, Kind) is null;
            return Page();
        }

        if (attempts.TryAttempt("set:" + UserId) is { } wait)
        {
            return attempts.TooMany(this, wait);
        }

        var (user, errors) = await handler.SetAsync(UserId, Code, Kind, Input.Password, ct);
        if (user is null)
        {
            LinkInvalid = true;
            return Page();
        }

        if (errors.Count > 0)
        {
            FormErrors.AddTo(ModelState, errors);
            return Page();
        }

        await signIn.SignInAsync(user, isPersistent: false);
        TempData["Status"] = Kind == PasswordReset.Via.Reset ? Infrastructure.Localisation.Text.Words["Your new password is set, and you're signed in."].Value : Infrastructure.Localisation.Text.Words["Your password is set. Welcome to Allyship."].Value;
        return LocalRedirect("/");
    }
}
