using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Actions;

[Authorize(Policy = Policies.Mentor)]
public sealed class DetailsModel(ActionDetails.Handler handler) : PageModel
{
    public ActionDetails.Model Action { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await handler.HandleAsync(User.UserId(), id, ct) is not { } action)
        {
            return NotFound();
        }

        Action = action;
        return Page();
    }
}
