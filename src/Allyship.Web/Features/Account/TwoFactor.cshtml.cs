using System.ComponentModel.DataAnnotations;
using Allyship.Web.Data;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Allyship.Web.Features.Account;

/// <summary>Set up, renew or turn off two-factor sign-in. Recovery codes are shown once, in the answer to the post that made them.</summary>
[EnableRateLimiting(RateLimits.Accounts)]
public sealed class TwoFactorModel(TwoFactor.Handler handler) : PageModel
{
    public TwoFactor.Status? Status { get; private set; }

    /// <summary>Just made: shown on this page once and never stored readable.</summary>
    public IReadOnlyList<string> NewRecoveryCodes { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public bool Required { get; set; }

    [BindProperty]
    [Required(ErrorMessage = "Type the 6-digit code your authenticator app shows.")]
    [RegularExpression(@"^\s*\d{3}\s?-?\d{3}\s*$", ErrorMessage = "The code is 6 digits, like 123 456.")]
    [Display(Name = "Code from the app")]
    public string Code { get; set; } = "";

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() ? Page() : RedirectToPage("/Account/SignIn");

    public Task<IActionResult> OnPostEnableAsync(CancellationToken ct) => ShowCodesAsync(() => handler.EnableAsync(User, Code, ct));

    public Task<IActionResult> OnPostRenewAsync(CancellationToken ct) => ShowCodesAsync(() => handler.RenewRecoveryCodesAsync(User, Code, ct));

    /// <summary>Runs a change that makes recovery codes: shows them (once), or the code's error.</summary>
    private async Task<IActionResult> ShowCodesAsync(Func<Task<(IReadOnlyList<string> Codes, IReadOnlyList<FieldError> Errors)>> change)
    {
        var refreshed = false;
        if (ModelState.IsValid)
        {
            var (codes, errors) = await change();
            FormErrors.AddTo(ModelState, errors, prefix: "");
            if (errors.Count == 0)
            {
                (NewRecoveryCodes, Required, refreshed) = (codes, false, true);
            }
        }

        return await LoadAsync(refreshed) ? Page() : RedirectToPage("/Account/SignIn");
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var errors = await handler.DisableAsync(User, Code, ct);
            if (errors.Count == 0)
            {
                TempData["Status"] = Infrastructure.Localisation.Text.Words["Two-factor sign-in is off. Other devices must sign in again."].Value;
                return RedirectToPage("/Account/Index");
            }

            FormErrors.AddTo(ModelState, errors, prefix: "");
        }

        return await LoadAsync() ? Page() : RedirectToPage("/Account/SignIn");
    }

    private async Task<bool> LoadAsync(bool refreshed = false)
    {
        // Right after a change the principal on this request is the old one; the status is read from the account.
        Status = await handler.StatusAsync(User);
        if (refreshed && Status is not null)
        {
            Status = Status with { Enabled = true };
        }

        return Status is not null;
    }
}
