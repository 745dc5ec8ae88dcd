using Allyship.Web.Data;
using Allyship.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Programs;

public sealed class MentorsModel(ManageEnrolments.Handler handler) : AdminPageModel
{
    public PledgeProgram Program { get; private set; } = null!;
    public IReadOnlyList<ManageEnrolments.Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, int? remove, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        ConfirmingRemoval = remove is { } r ? Rows.FirstOrDefault(x => x.EnrolmentId == r && !x.HasLeft) : null;
        return Page();
    }

    public async Task<IActionResult> OnPostPauseAsync(int id, int enrolmentId, DateOnly? pauseUntil, CancellationToken ct)
    {
        var errors = await handler.PauseAsync(User, id, enrolmentId, pauseUntil, ct);
        if (errors.Count == 0)
        {
            TempData["Status"] = Infrastructure.Localisation.Text.Words["Paused until {0:d MMMM}: no reminders until then, and those weeks don't count.", pauseUntil?.ToDateTime(TimeOnly.MinValue) ?? default].Value;
            return RedirectToPage(new { id });
        }

        ModelState.AddModelError($"pause-{enrolmentId}", Infrastructure.Localisation.Text.Words[errors[0].Message]);
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostResumeAsync(int id, int enrolmentId, CancellationToken ct) =>
        Done(id, await handler.ResumeAsync(User, id, enrolmentId, ct), name => Infrastructure.Localisation.Text.Words["Resumed {0}: reminders start again.", name]);

    public async Task<IActionResult> OnPostRejoinAsync(int id, int enrolmentId, CancellationToken ct) =>
        Done(id, await handler.RejoinAsync(User, id, enrolmentId, ct), name => Infrastructure.Localisation.Text.Words["Re-enrolled {0}: in the program again from this week.", name]);

    public async Task<IActionResult> OnPostRemoveAsync(int id, int enrolmentId, CancellationToken ct) =>
        Done(id, await handler.RemoveAsync(User, id, enrolmentId, ct), name => Infrastructure.Localisation.Text.Words["Removed {0} from the program. Their history stays in the reports.", name]);

    /// <summary>The mentor whose removal waits for a confirmation (?remove=enrolmentId), or null.</summary>
    public ManageEnrolments.Row? ConfirmingRemoval { get; private set; }

    public string? PauseError(int enrolmentId) =>
        ModelState.TryGetValue($"pause-{enrolmentId}", out var e) && e.Errors.Count > 0 ? e.Errors[0].ErrorMessage : null;

    private IActionResult Done(int id, string? name, Func<string, string> message)
    {
        if (name is null)
        {
            return NotFound();
        }

        TempData["Status"] = message(name);
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        if (await handler.LoadAsync(id, ct) is not { } view)
        {
            return false;
        }

        (Program, Rows) = (view.Program, view.Rows);
        return true;
    }
}
