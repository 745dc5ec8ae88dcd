using Microsoft.AspNetCore.Mvc;
using Allyship.Web.Features.Shared;

namespace Allyship.Web.Features.Voice;

/// <summary>
/// The List-Unsubscribe address of colleague emails. GET shows one button; POST stops her emails. Mail programs that
/// support RFC 8058 POST here without a form, so the signed token, not an antiforgery token, is the proof.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class StopModel(VoiceTokens tokens, ColleagueVoice.Handler voice) : VoicePageModel(tokens, voice)
{
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await OpenAsync(null, ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await OpenAsync(null, ct) is { } refused)
        {
            return refused;
        }

        await Voice.StopEmailsAsync(Link!, ct);
        Done = true;
        return Page();
    }
}
