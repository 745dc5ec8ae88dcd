using Microsoft.AspNetCore.Mvc;
using Allyship.Web.Features.Shared;

namespace Allyship.Web.Features.Voice;

/// <summary>Her choices: stop the program's emails, ask not to be named, or withdraw either. Her choice beats any import.</summary>
public sealed class ChoicesModel(VoiceTokens tokens, ColleagueVoice.Handler voice) : VoicePageModel(tokens, voice)
{
    [BindProperty]
    public bool StopEmails { get; set; }

    [BindProperty]
    public bool NotNamed { get; set; }

    /// <summary>Its own key: the confirm page's "Saved" must not turn this page into its summary.</summary>
    [TempData(Key = "ChoicesSaved")]
    public bool Saved { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OpenAsync(null, ct) is { } refused)
        {
            return refused;
        }

        StopEmails = Visitor!.EmailsStopped;
        NotNamed = Visitor.NotNamed;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await OpenAsync(null, ct) is { } refused)
        {
            return refused;
        }

        await Voice.SetChoicesAsync(Link!, StopEmails, NotNamed, ct);
        Saved = true;
        return Redirect($"/colleague/choices/{Token}");
    }
}
