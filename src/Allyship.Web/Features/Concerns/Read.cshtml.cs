using Allyship.Web.Data;
using Allyship.Web.Features.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Concerns;

/// <summary>One concern for the program team, organised around what to do next: reply to her, move it along, note what was done.</summary>
[Authorize(Roles = $"{Roles.ProgramAdmin},{Roles.HR}")]
public sealed class ReadModel(ConcernInbox.Handler inbox, HandleConcern.Handler handle, IOptions<ConcernOptions> options, ViewerTime viewer) : PageModel
{
    /// <summary>The zone the reader reads times in, named once on the page.</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public string When(DateTime utc) => ViewerTime.Format(utc, Zone);

    /// <summary>"Friday 11 December" in the reader's zone.</summary>
    public string Day(DateTime utc) => Infrastructure.Localisation.Text.Words["{0:dddd d MMMM}", TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone)];

    public ConcernInbox.Opened Concern { get; private set; } = null!;

    /// <summary>What she was told after sending: "We aim to reply within 5 working days."</summary>
    public string Promise => options.Value.Promise;

    [BindProperty]
    public ConcernState State { get; set; }

    [BindProperty]
    public string? OwnerId { get; set; }

    [BindProperty]
    public string? Reply { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public string? UpdateError { get; private set; }
    public string? ReplyError { get; private set; }
    public string? NoteError { get; private set; }

    public Task<IActionResult> OnGetAsync(int id, CancellationToken ct) => ShowAsync(id, ct);

    public async Task<IActionResult> OnPostUpdateAsync(int id, CancellationToken ct) =>
        await DoneAsync(id, await handle.UpdateAsync(User, id, State, OwnerId, ct), e => UpdateError = e, ct);

    public async Task<IActionResult> OnPostReplyAsync(int id, CancellationToken ct) =>
        await DoneAsync(id, await handle.ReplyAsync(User, id, Reply, ct), e => ReplyError = e, ct);

    public async Task<IActionResult> OnPostNoteAsync(int id, CancellationToken ct) =>
        await DoneAsync(id, await handle.AddNoteAsync(User, id, Note, ct), e => NoteError = e, ct);

    private async Task<IActionResult> DoneAsync(int id, HandleConcern.Result result, Action<string> error, CancellationToken ct)
    {
        switch (result.Outcome)
        {
            case HandleConcern.Outcome.NotFound:
                return NotFound();
            case HandleConcern.Outcome.Invalid:
                error(Infrastructure.Localisation.Text.Words[result.Message]); // a constant sentence is a key; one with values in it reads as written
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return await ShowAsync(id, ct, keepInput: true);
            default:
                TempData["Status"] = Infrastructure.Localisation.Text.Words[result.Message].Value;
                return RedirectToPage(new { id });
        }
    }

    private async Task<IActionResult> ShowAsync(int id, CancellationToken ct, bool keepInput = false)
    {
        if (await inbox.OpenAsync(User, id, ct) is not { } opened)
        {
            return NotFound();
        }

        Concern = opened;
        Zone = await viewer.ZoneAsync(User, ct);
        if (!keepInput)
        {
            State = opened.State;
            OwnerId = opened.OwnerId;
        }

        Response.Headers.CacheControl = "no-store";
        return Page();
    }
}
