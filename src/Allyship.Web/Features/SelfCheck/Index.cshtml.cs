using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.SelfCheck;

/// <summary>The mentor's private self-check: hers alone, encrypted, deletable. Never linked from any admin or HR page.</summary>
[Authorize(Policy = Policies.Mentor)]
public sealed class IndexModel(HomeSelfCheck.Handler handler) : PageModel
{
    [BindProperty]
    public HomeSelfCheck.Answers Answers { get; set; } = new();

    public DateTime? SavedUtc { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (answers, saved) = await handler.LoadAsync(User.UserId(), ct);
        (Answers, SavedUtc) = (answers ?? new HomeSelfCheck.Answers(), saved);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var errors = await handler.SaveAsync(User.UserId(), Answers, ct);
        if (errors.Count > 0)
        {
            FormErrors.AddTo(ModelState, errors, prefix: "");
            return Page(); // what she wrote stays in the form
        }

        TempData["Status"] = Answers.IsEmpty ? Infrastructure.Localisation.Text.Words["Nothing to keep: your self-check is empty."].Value : Infrastructure.Localisation.Text.Words["Saved, for you alone."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        await handler.DeleteAsync(User.UserId(), ct);
        TempData["Status"] = Infrastructure.Localisation.Text.Words["Deleted. Nothing of your self-check is kept."].Value;
        return RedirectToPage();
    }
}
