using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;

namespace Allyship.Web.Features.Unsubscribe;

/// <summary>
/// GET shows what the link will stop and one button; POST stops it. Mail programs that support RFC 8058 POST here
/// directly ("List-Unsubscribe=One-Click") without a form, so the signed token, not an antiforgery token, is the proof.
/// A GET never changes anything, so link scanners cannot unsubscribe people.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[EnableRateLimiting(RateLimits.Accounts)]
public sealed class IndexModel(Unsubscribe.Handler handler) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public Unsubscribe.Target? Target { get; private set; }
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Target = await handler.ReadAsync(Token, ct);
        return Target is null ? Invalid() : Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Target = await handler.ApplyAsync(Token, ct);
        if (Target is null)
        {
            return Invalid();
        }

        Done = true;
        return Page();
    }

    private PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
