using Allyship.Web.Features.Chat;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.ChatApps;

/// <summary>
/// The one-time link a chat app sends someone it does not know yet: opened while signed in, it connects that chat
/// account to this Allyship account (a click, so a link opened by someone else's preview connects nothing).
/// </summary>
public sealed class LinkModel(ChatAppStore store, ChatAppSetup setup) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    public ChatLinkRequest? LinkRequest { get; private set; }

    public bool Linked { get; private set; }

    /// <summary>Why the account was not connected, as a sentence; null when it was, or before the click.</summary>
    public string? Refused { get; private set; }

    public string AppName => LinkRequest is null ? "chat" : ChatAppStore.AppName(LinkRequest.App);

    public IActionResult OnGet()
    {
        LinkRequest = store.ReadLink(Token) is { App: Data.ChatApp.Slack } slack ? slack : null;
        if (LinkRequest is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        LinkRequest = store.ReadLink(Token) is { App: Data.ChatApp.Slack } slack ? slack : null;
        if (LinkRequest is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var outcome = await setup.LinkSlackAsync(User, LinkRequest, ct);
        Linked = outcome == ChatAppSetup.LinkOutcome.Linked;
        Refused = outcome switch
        {
            ChatAppSetup.LinkOutcome.NotYourEmail =>
                Infrastructure.Localisation.Text.Words["This Slack account's email address is not yours, so it was not connected. If someone sent you this link, ignore it; to connect your own Slack account, type /pledge in Slack and open the link it gives you."].Value,
            ChatAppSetup.LinkOutcome.TakenByAnother =>
                Infrastructure.Localisation.Text.Words["This Slack account is already connected to another person in Allyship: they can disconnect it on their Chat accounts page."].Value,
            ChatAppSetup.LinkOutcome.NotChecked => Infrastructure.Localisation.Text.Words["Slack did not answer just now, so nothing was connected: try again in a minute."].Value,
            _ => null,
        };
        if (Refused is not null)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return Page();
    }
}
