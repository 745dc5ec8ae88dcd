using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Csv;
using Allyship.Web.Infrastructure.Localisation;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Invitations;

public sealed class IndexModel(InvitePeople.Handler handler, ViewerTime viewer) : AdminPageModel
{
    [BindProperty]
    public InvitePeople.Input Input { get; set; } = new();

    [BindProperty]
    public IFormFile? Upload { get; set; }

    public IReadOnlyList<(int Id, string Name)> Programs { get; private set; } = [];
    public IReadOnlyList<InvitePeople.Row> Invitations { get; private set; } = [];

    /// <summary>Addresses the last send left out, with their reasons (kept across the redirect).</summary>
    public IReadOnlyList<string> NotSent { get; private set; } = [];

    public async Task OnGetAsync(int? program, CancellationToken ct)
    {
        Input.ProgramId = program ?? await handler.DefaultProgramAsync(User, ct);
        if (TempData["NotSent"] is string notSent)
        {
            NotSent = notSent.Split('\n');
            Input.Emails = TempData["NotSentValues"] as string;
        }

        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        CsvText.Result? csv = null;
        if (Upload is { Length: > 0 })
        {
            await using var stream = Upload.OpenReadStream();
            csv = await CsvText.ReadAsync(stream, ct);
        }

        var result = await handler.InviteAsync(User, Input, csv, ct);
        if (result.Errors.Count == 0)
        {
            TempData["Status"] = Text.Words.Plural(result.Invited, "{0} invitation sent.", "{0} invitations sent.")
                + (result.Enrolled > 0 ? " " + Text.Words.Plural(result.Enrolled, "{0} existing account enrolled straight away.", "{0} existing accounts enrolled straight away.") : "");
            if (result.NotSent.Count > 0)
            {
                // The good ones went; the others come back in the box to correct and send again.
                TempData["NotSent"] = string.Join('\n', result.NotSent.Take(50).Select(s => s.Reason))
                    + (result.NotSent.Count > 50 ? "\n" + Text.Words["…and {0} more", result.NotSent.Count - 50].Value : "");
                TempData["NotSentValues"] = string.Join('\n', result.NotSent.Select(s => s.Value));
            }

            return RedirectToPage(new { program = Input.ProgramId });
        }

        AddErrors(result.Errors);
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostResendAsync(int id, CancellationToken ct)
    {
        if (!await handler.ResendAsync(User, id, ct))
        {
            return NotFound();
        }

        TempData["Status"] = Text.Words["Invitation sent again with a new link; the old link no longer works."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        if (!await handler.RevokeAsync(User, id, ct))
        {
            return NotFound();
        }

        TempData["Status"] = Text.Words["Invitation revoked: its link no longer works."].Value;
        return RedirectToPage();
    }

    /// <summary>The zone the page's times are in (the viewer's).</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    private async Task LoadAsync(CancellationToken ct)
    {
        (Programs, Invitations) = await handler.ListAsync(ct);
        Zone = await viewer.ZoneAsync(User, ct);
    }
}
