using System.ComponentModel.DataAnnotations;
using Allyship.Web.Features.People;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Account;

/// <summary>Every signed-in person's account: who they are, their password, and signing out of every device.</summary>
public sealed class IndexModel(ChangePassword.Handler handler, DataSubject.Handler subject) : PageModel
{
    public ChangePassword.Handler.Profile Profile { get; private set; } = new("", "", false, [], false);

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your current password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Current password")]
        public string Current { get; set; } = "";

        [Required(ErrorMessage = "Choose a new password.")]
        [StringLength(PasswordRules.MaxLength, MinimumLength = PasswordRules.MinLength, ErrorMessage = PasswordRules.LengthMessage)]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type the new password again.")]
        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
        [Display(Name = "New password, again")]
        public string Confirm { get; set; } = "";
    }

    public async Task OnGetAsync() => await LoadAsync();

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var errors = await handler.ChangeAsync(User, Input.Current, Input.Password, ct);
            if (errors.Count == 0)
            {
                TempData["Status"] = Infrastructure.Localisation.Text.Words["Your password is changed. You're still signed in here; every other device must sign in again."].Value;
                return RedirectToPage();
            }

            FormErrors.AddTo(ModelState, errors);
        }

        await LoadAsync();
        return Page();
    }

    /// <summary>Everything Allyship holds about you, your private notes included, as JSON.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var id = User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;
        return id is not null && await subject.ExportPersonAsync(User, id, ownRequest: true, ct) is { } json
            ? File(json, "application/json", "allyship-my-data.json")
            : NotFound();
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync(CancellationToken ct)
    {
        await handler.SignOutEverywhereAsync(User, ct);
        TempData["Status"] = Infrastructure.Localisation.Text.Words["You're signed out on every device."].Value;
        return RedirectToPage("/Home/Index");
    }

    private async Task LoadAsync()
    {
        Profile = await handler.ProfileAsync(User) ?? Profile;
    }
}
