using Allyship.Web.Data;
using Allyship.Web.Features.Chat;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.ChatApps;

/// <summary>Integrations: the Slack app (install into the workspace) and the Teams command (its security token), for program admins.</summary>
[Authorize(Policy = Policies.ProgramAdmin)]
public sealed class IntegrationsModel(ChatAppSetup setup, ViewerTime viewer, IOptions<AppOptions> app) : AdminPageModel
{
    public ChatAppSetup.Status Status { get; private set; } = new(false, null, null, false, null, 0, 0);
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    [BindProperty]
    public string? SecurityToken { get; set; }

    [TempData]
    public string? Message { get; set; }

    public string RequestUrl(string path) => app.Value.Link(path);

    public string When(DateTime utc) => ViewerTime.Format(utc, Zone);

    public async Task OnGetAsync([FromQuery] string? slack, CancellationToken ct)
    {
        Message ??= slack switch
        {
            "installed" => Infrastructure.Localisation.Text.Words["The Slack app is installed: mentors can use /pledge now (the first time, Slack asks them to connect their account)."].Value,
            "refused" => Infrastructure.Localisation.Text.Words["Slack did not install the app. Press “Add to Slack” again; if it keeps failing, ask whoever runs Allyship to check the Slack app's settings."].Value,
            _ => null,
        };
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostTeamsAsync(CancellationToken ct)
    {
        if (await setup.SetTeamsAsync(User, SecurityToken, ct) is { } problem)
        {
            ModelState.AddModelError(nameof(SecurityToken), problem);
            await LoadAsync(ct);
            return Page();
        }

        Message = Infrastructure.Localisation.Text.Words["The Teams command is set up: mention the outgoing webhook in a channel to log."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(ChatApp chat, CancellationToken ct)
    {
        Message = await setup.RemoveAsync(User, chat, ct)
            ? Infrastructure.Localisation.Text.Words["{0} is disconnected: nothing more is sent there, and its requests are refused.", ChatAppStore.AppName(chat)].Value
            : Infrastructure.Localisation.Text.Words["Nothing to disconnect."].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Status = await setup.StatusAsync(ct);
        Zone = await viewer.ZoneAsync(User, ct);
    }
}
