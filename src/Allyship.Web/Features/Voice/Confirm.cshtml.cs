using Microsoft.AspNetCore.Mvc;
using Allyship.Web.Features.Shared;

namespace Allyship.Web.Features.Voice;

/// <summary>The colleague's answers about one week's actions: it happened or not, how useful, a comment she may share.</summary>
public sealed class ConfirmModel(VoiceTokens tokens, ColleagueVoice.Handler voice) : VoicePageModel(tokens, voice)
{
    public IReadOnlyList<ColleagueVoice.Item> Items { get; private set; } = [];

    [BindProperty]
    public List<ColleagueVoice.AnswerInput> Answers { get; set; } = [];

    public Dictionary<int, string> Errors { get; private set; } = [];

    [TempData]
    public bool Saved { get; set; }

    /// <summary>"Change my answers": the form again, filled with what she said.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Change { get; set; }

    /// <summary>
    /// After saving, or coming back once every action is answered: <em>Thanks — here's what you told us</em>, with
    /// <em>Change my answers</em> until the link expires (issue 35), instead of the same form again.
    /// </summary>
    public bool ShowsSummary => !Change && Errors.Count == 0 && Items.Count > 0 && (Saved || Items.All(i => i.Answer is not null));

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await OpenAsync(VoicePurpose.Confirm, ct) is { } refused)
        {
            return refused;
        }

        Items = await Voice.ItemsAsync(Link!, ct);
        Answers = Items.Select(i => new ColleagueVoice.AnswerInput
        {
            ActionId = i.Action.ActionId,
            Answer = i.Answer switch { Data.ConfirmationAnswer.Happened => "happened", Data.ConfirmationAnswer.DidNotHappen => "didnt", _ => null },
            Usefulness = i.Usefulness,
            Comment = i.Comment,
            Share = i.CommentShared,
        }).ToList();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await OpenAsync(VoicePurpose.Confirm, ct) is { } refused)
        {
            return refused;
        }

        Items = await Voice.ItemsAsync(Link!, ct);
        if (Answers.Count == 0 || !ModelState.IsValid)
        {
            Errors = new() { [0] = Infrastructure.Localisation.Text.Words["Answer with the choices on the page."] };
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Errors = ColleagueVoice.Handler.Check(Answers);
        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page(); // her answers stay in the form
        }

        switch (await Voice.SaveAsync(Link!, Answers, ct))
        {
            case ColleagueVoice.SaveOutcome.NotHers:
                return BadRequest();
            case ColleagueVoice.SaveOutcome.Saved:
                Saved = true;
                return Redirect($"/confirm/{Token}");
            default:
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
        }
    }
}
