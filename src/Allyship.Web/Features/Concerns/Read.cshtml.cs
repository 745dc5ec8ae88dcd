using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Concerns;

[Authorize(Roles = $"{Data.Roles.ProgramAdmin},{Data.Roles.HR}")]
public sealed class ReadModel(ConcernInbox.Handler inbox) : PageModel
{
    public ConcernInbox.Opened Concern { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await inbox.OpenAsync(User, id, ct) is not { } opened)
        {
            return NotFound();
        }

        Concern = opened;
        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
