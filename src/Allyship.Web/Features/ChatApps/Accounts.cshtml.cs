using Allyship.Web.Data;
using Allyship.Web.Features.Chat;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.ChatApps;

/// <summary>Her connected chat accounts (Slack, Teams), each with a button to disconnect it.</summary>
public sealed class AccountsModel(AllyshipDbContext db, ChatAppSetup setup) : PageModel
{
    public IReadOnlyList<(ChatApp App, DateTime Since)> Connected { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    /// <summary>The code just taken for Teams: shown on this answer only.</summary>
    public string? TeamsCode { get; private set; }

    public bool TeamsSetUp { get; private set; }

    public bool SlackSetUp { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var userId = User.UserId();
        TeamsSetUp = await db.ChatAppInstallations.AnyAsync(i => i.App == ChatApp.Teams, ct);
        SlackSetUp = await db.ChatAppInstallations.AnyAsync(i => i.App == ChatApp.Slack, ct);
        Connected = (await db.ChatAccounts.AsNoTracking().Where(a => a.UserId == userId).OrderBy(a => a.App).Select(a => new { a.App, a.CreatedUtc }).ToListAsync(ct))
            .Select(a => (a.App, a.CreatedUtc)).ToList();
    }

    public async Task<IActionResult> OnPostTeamsCodeAsync(CancellationToken ct)
    {
        TeamsCode = await setup.NewCodeAsync(User, ChatApp.Teams, ct);
        Response.Headers.CacheControl = "no-store"; // answered here, not redirected: the code is shown once
        await OnGetAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDisconnectAsync(ChatApp chat, CancellationToken ct)
    {
        Message = await setup.UnlinkAsync(User, chat, ct)
            ? Infrastructure.Localisation.Text.Words["Your {0} account is disconnected: what is typed there no longer logs for you, and reminders come by email.", ChatAppStore.AppName(chat)].Value
            : Infrastructure.Localisation.Text.Words["That account was not connected."].Value;
        return RedirectToPage();
    }
}
