using System.ComponentModel.DataAnnotations;
using System.Text;
using Allyship.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;

namespace Allyship.Web.Features.Account;

/// <summary>The one-time link from create-admin (and later invitations): the person chooses a password and is signed in.</summary>
public sealed class SetPasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool LinkInvalid { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Choose a password.")]
        [StringLength(128, MinimumLength = 10, ErrorMessage = "Use at least 10 characters.")]
        [DataType(DataType.Password)]
        [Display(Name = "New password")]
        public string Password { get; set; } = "";

        [Required(ErrorMessage = "Type the password again.")]
        [DataType(DataType.Password)]
        [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
        [Display(Name = "New password, again")]
        public string Confirm { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await FindUserAsync();
        LinkInvalid = user is null || DecodeCode() is not { } token
            || !await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<AppUser>.ResetPasswordTokenPurpose, token);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await FindUserAsync();
        if (user is null || DecodeCode() is not { } token)
        {
            LinkInvalid = true;
            return Page();
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, token, Input.Password);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == "InvalidToken"))
            {
                LinkInvalid = true;
                return Page();
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError("Input.Password", error.Description);
            }

            return Page();
        }

        await users.SetLockoutEndDateAsync(user, null);
        await signIn.SignInAsync(user, isPersistent: false);
        TempData["Status"] = "Your password is set. Welcome to Allyship.";
        return LocalRedirect("/");
    }

    private async Task<AppUser?> FindUserAsync() => string.IsNullOrEmpty(UserId) ? null : await users.FindByIdAsync(UserId);

    private string? DecodeCode()
    {
        if (string.IsNullOrEmpty(Code))
        {
            return null;
        }

        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(Code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
