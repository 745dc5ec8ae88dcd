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

    public string AppName => LinkRequest is null ? "chat" : ChatAppStore.AppName(LinkRequest.App);

    public IActionResult OnGet()
    {
        LinkRequest = store.ReadLink(Token);
        if (LinkRequest is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        LinkRequest = store.ReadLink(Token);
        if (LinkRequest is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        await setup.LinkAsync(User, LinkRequest, ct);
        Linked = true;
        return Page();
    }
}
