using Allyship.Web.Infrastructure.Localisation;
using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Actions;

/// <summary>
/// The log form for one kind (deep-linked from reminders as /log/coffee) and the target of every log form.
/// On bad input the form comes back alone with its errors and nothing is saved.
/// </summary>
[Authorize(Policy = Policies.Mentor)]
public sealed class LogModel(LogAction.Handler handler, MentorPrograms programs, ProgramCalendar calendar) : PageModel
{
    [BindProperty]
    public ActionInput Input { get; set; } = new();

    public ActionKind? Kind { get; private set; }
    public ProgramChoice? Program { get; private set; }
    public IReadOnlyList<ProgramChoice> Programs { get; private set; } = [];
    public ColleaguePicker Directory { get; private set; } = null!;

    /// <summary>A search of a large directory, from the form's "find someone else" box.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Find { get; set; }

    public DateOnly Today { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? kind, int? program, int? colleague, CancellationToken ct)
    {
        if (!ActionKinds.TryParse(kind, out var parsed))
        {
            return NotFound();
        }

        await LoadAsync(program, ct);
        if (Program is null)
        {
            return Page();
        }

        Kind = parsed;
        Input = ActionFormView.Defaults(parsed, Program.Id, Today, Program.Targets);
        Directory = await programs.PickerAsync(User.UserId(), Program.Id, Find, colleague, ct);
        if (colleague is { } asked && Directory.Mine.Concat(Directory.Others).Any(c => c.Id == asked))
        {
            // "Log a coffee with her" from her page or a suggestion: she is chosen already, two taps from done.
            Input.ColleagueId = asked;
        }
        else if (!string.IsNullOrWhiteSpace(Find) && Directory.Others.Count > 0)
        {
            // A search result is what the mentor is looking for: preselect the first match.
            Input.ColleagueId = Directory.Others[0].Id;
        }

        return Page();
    }

    /// <summary>The colleague list's type-ahead (colleague-picker.js): matches as JSON, from two characters on.</summary>
    public async Task<IActionResult> OnGetFindAsync(string? q, CancellationToken ct)
    {
        var text = q?.Trim() ?? "";
        if (text.Length < 2)
        {
            return new JsonResult(Array.Empty<object>());
        }

        var found = await programs.SearchAsync(text[..Math.Min(text.Length, 100)], ct);
        return new JsonResult(found.Select(c => new { id = c.Id, label = c.Label }));
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            var result = await handler.HandleAsync(new LogAction.Command(User.UserId(), Input), ct);
            if (result.Succeeded)
            {
                var label = ActionKinds.TryParse(Input.Kind, out var logged) ? logged.Label() : Text.Words["Action"];
                TempData["Status"] = Text.Words["{0} logged: {1}.", label, Text.Words.Plural(Input.Minutes ?? 0, "{0} minute", "{0} minutes")].Value;
                return RedirectToPage("/Week/Index", new { program = Input.ProgramId });
            }

            FormErrors.AddTo(ModelState, result.Errors);
        }

        await LoadAsync(Input.ProgramId, ct);
        Kind = ActionKinds.TryParse(Input.Kind, out var kind) ? kind : null;
        if (Program is not null)
        {
            Directory = await programs.PickerAsync(User.UserId(), Program.Id, find: null, Input.ColleagueId, ct);
        }

        return Page();
    }

    private async Task LoadAsync(int? program, CancellationToken ct)
    {
        Programs = await programs.ListAsync(User.UserId(), ct);
        Program = MentorPrograms.Choose(Programs, program);
        Today = Program is null ? default : calendar.Today(Program.TimeZoneId);
    }

    public string? FormErrorFor(string field) => FormErrors.For(ModelState, field);

    public LoggableDays Days => Program!.LoggableDays(Today);
}
