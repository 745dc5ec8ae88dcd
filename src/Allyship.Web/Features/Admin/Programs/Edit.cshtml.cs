using Allyship.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Programs;

public sealed class EditModel(EditProgram.Handler handler, TimeProvider clock, Chat.ChatWebhooks webhooks) : AdminPageModel
{
    [BindProperty]
    public EditProgram.Input Input { get; set; } = new();

    public int? Id { get; private set; }

    /// <summary>Where webhooks may point, for the sentence beside the field.</summary>
    public Chat.ChatWebhooks Webhooks => webhooks;

    public bool Archived { get; private set; }

    public static IReadOnlyList<string> Zones => Choices.TimeZones;

    public static IReadOnlyList<DayOfWeek> Days => Choices.Days;

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        Id = id;
        if (id is null)
        {
            Input.StartDate = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            return Page();
        }

        var program = await handler.LoadAsync(id.Value, ct);
        if (program is null)
        {
            return NotFound();
        }

        Input = EditProgram.Input.From(program, webhooks);
        Archived = !program.IsLive;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int? id, CancellationToken ct)
    {
        Id = id;
        if (ModelState.IsValid)
        {
            var (savedId, errors) = await handler.SaveAsync(User, id, Input, ct);
            if (savedId is not null)
            {
                TempData["Status"] = id is null ? Infrastructure.Localisation.Text.Words["Program “{0}” created. Next: invite its mentors.", Input.Name!.Trim()].Value : Infrastructure.Localisation.Text.Words["Program settings saved."].Value;
                return Redirect(id is null ? "/admin/invitations?program=" + savedId : $"/admin/programs/{savedId}");
            }

            AddErrors(errors);
        }

        if (id is { } existing && await handler.LoadAsync(existing, ct) is { } saved)
        {
            Input.ChatWebhookUrl = null; // a refused form never echoes the secret back
            Input = Input.WithSaved(EditProgram.Input.From(saved, webhooks).SavedChatWebhook);
        }

        return Page();
    }

    public async Task<IActionResult> OnPostArchiveAsync(int id, bool archive, CancellationToken ct)
    {
        if (!await handler.SetArchivedAsync(User, id, archive, clock.GetUtcNow().UtcDateTime, ct))
        {
            return NotFound();
        }

        TempData["Status"] = archive ? Infrastructure.Localisation.Text.Words["Program archived: no reminders or rollups; mentors no longer see it."].Value : Infrastructure.Localisation.Text.Words["Program restored."].Value;
        return Redirect("/admin");
    }
}
