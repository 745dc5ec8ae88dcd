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

    /// <summary>Her choice about emails, said back to her after saving (what she chose, not a rule about her).</summary>
    public string EmailsSaid => StopEmails switch
    {
        true => Infrastructure.Localisation.Text.Words["The program won't email {0} any more.", Visitor?.Email ?? ""],
        false => Infrastructure.Localisation.Text.Words["The program may still email {0}, at most once a week.", Visitor?.Email ?? ""],
    };

    /// <summary>Her choice about her name, said back to her after saving.</summary>
    public string NameSaid => NotNamed switch
    {
        true => Infrastructure.Localisation.Text.Words["Leaders can't choose you any more, and what was logged shows as “a colleague”."],
        false => Infrastructure.Localisation.Text.Words["Leaders can name you when they log an action with you."],
    };

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
