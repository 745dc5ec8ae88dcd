using Allyship.Web.Infrastructure.Localisation;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Actions;

[Authorize(Policy = Policies.Mentor)]
public sealed class DeleteModel(ActionDetails.Handler details, DeleteAction.Handler handler) : PageModel
{
    public ActionDetails.Model Action { get; private set; } = null!;
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await details.HandleAsync(User.UserId(), id, ct) is not { } action)
        {
            return NotFound();
        }

        Action = action;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        if (await details.HandleAsync(User.UserId(), id, ct) is not { } action)
        {
            return NotFound();
        }

        Action = action;
        switch (await handler.HandleAsync(new DeleteAction.Command(User.UserId(), id), ct))
        {
            case EditAction.Status.NotFound:
                return NotFound();
            case EditAction.Status.Closed:
                Error = "That week is closed: its actions are read-only.";
                return Page();
            default:
                TempData["Status"] = Text.Words["{0}: deleted.", action.Kind.Title(action.ColleagueName, action.SeniorLeader)].Value;
                return RedirectToPage("/Week/Index", new { program = action.ProgramId });
        }
    }
}
