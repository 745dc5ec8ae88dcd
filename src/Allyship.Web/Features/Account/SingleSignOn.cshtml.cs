using Allyship.Web.Infrastructure.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Account;

/// <summary>"Sign in with Contoso": off to the company's identity provider, and back.</summary>
[AllowAnonymous]
public sealed class SingleSignOnModel(SingleSignOn.Handler handler, People.ExternalSignIn external, AuthenticationSettings authentication) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Problem { get; private set; }


    public string ProviderName => authentication.Oidc?.DisplayName ?? "single sign-on";

    public IActionResult OnGet()
    {
        if (authentication.Oidc is null)
        {
            return NotFound();
        }

        var back = Url.Page("/Account/SingleSignOn", "Done", new { ReturnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/" });
        return external.Challenge(back!);
    }

    public async Task<IActionResult> OnGetDoneAsync(CancellationToken ct)
    {
        var outcome = await handler.CompleteAsync(ct);
        switch (outcome.Result)
        {
            case SingleSignOn.Result.SignedIn:
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
            case SingleSignOn.Result.NeedsSecondFactor:
                return RedirectToPage("/Account/TwoFactorSignIn", new { ReturnUrl });
            case SingleSignOn.Result.Expired:
                return RedirectToPage("/Account/SignIn", new { sso = "expired" });
            case SingleSignOn.Result.NoVerifiedEmail:
                Problem = Infrastructure.Localisation.Text.Words["{0} didn't confirm an email address for you, so we can't tell which Allyship account is yours. Ask your program admin.", ProviderName].Value;
                break;
            case SingleSignOn.Result.Locked:
                Problem = Infrastructure.Localisation.Text.Words["This account can't sign in right now (too many failed attempts, or it was deactivated). Ask your program admin if it persists."].Value;
                break;
            default:
                Problem = Infrastructure.Localisation.Text.Words["There's no Allyship account for {0}. Accounts come by invitation: ask your program admin to invite you, then use the link in the email.", outcome.Email ?? ""].Value;
                break;
        }

        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }
}
