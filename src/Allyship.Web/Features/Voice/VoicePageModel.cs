using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using Allyship.Web.Features.Shared;

namespace Allyship.Web.Features.Voice;

/// <summary>
/// A page a colleague opens from her email, without an account: the signed token in the address is the proof. A
/// tampered token (or one for another purpose) is a 400, an expired one a 410, and neither changes anything.
/// </summary>
[AllowAnonymous]
[EnableRateLimiting(RateLimits.Accounts)] // no account to count attempts against: limited by address
public abstract class VoicePageModel(VoiceTokens tokens, ColleagueVoice.Handler voice) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    public VoiceLinkState State { get; private set; } = VoiceLinkState.Invalid;
    public VoiceLink? Link { get; private set; }
    public ColleagueVoice.Visitor? Visitor { get; private set; }

    protected ColleagueVoice.Handler Voice => voice;

    /// <summary>Reads the link; null when the page may go on, else the refusal to return.</summary>
    protected async Task<IActionResult?> OpenAsync(VoicePurpose? purpose, CancellationToken ct)
    {
        (State, Link) = tokens.Read(Token);
        if (State == VoiceLinkState.Valid && purpose is { } p && Link!.Purpose != p)
        {
            State = VoiceLinkState.Invalid;
        }

        if (State == VoiceLinkState.Valid && (Visitor = await voice.VisitorAsync(Link!, ct)) is null)
        {
            State = VoiceLinkState.Invalid;
        }

        if (State == VoiceLinkState.Valid)
        {
            return null;
        }

        Response.StatusCode = State == VoiceLinkState.Expired ? StatusCodes.Status410Gone : StatusCodes.Status400BadRequest;
        return Page();
    }
}
