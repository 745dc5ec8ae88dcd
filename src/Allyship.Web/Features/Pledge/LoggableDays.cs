using Allyship.Web.Infrastructure.Localisation;

namespace Allyship.Web.Features.Pledge;

/// <summary>
/// The days an action may be logged on, or moved to: from the first editable week (<see cref="ProgramCalendar.IsEditable"/>)
/// or the program's start, whichever is later, to today or the program's end, whichever is earlier. The log and edit
/// forms take their date field's min and max from here, and their validation its sentences.
/// </summary>
public sealed record LoggableDays(DateOnly Earliest, DateOnly Latest, DateOnly Today, DateOnly ProgramStart, DateOnly? ProgramEnd)
{
    public static LoggableDays For(DateOnly programStart, DateOnly? programEnd, DateOnly today)
    {
        var firstEditable = ProgramCalendar.FirstEditableWeek(PledgeWeek.Containing(today)).Monday;
        var earliest = programStart > firstEditable ? programStart : firstEditable;
        var latest = programEnd is { } end && end < today ? end : today;
        return new LoggableDays(earliest, latest, today, programStart, programEnd);
    }

    public bool Contains(DateOnly date) => date >= Earliest && date <= Latest;

    /// <summary>Why <paramref name="date"/> can't be used, as a sentence; null when it can.</summary>
    public string? Problem(DateOnly? date) => date switch
    {
        null => Text.Words["Enter the date it happened."].Value,
        { } d when d > Today => Text.Words["The date can't be in the future: today is {0:d MMM yyyy}.", Today.ToDateTime(TimeOnly.MinValue)].Value,
        { } d when d < ProgramStart => Text.Words["The date can't be before the program started on {0:d MMM yyyy}.", ProgramStart.ToDateTime(TimeOnly.MinValue)].Value,
        { } d when ProgramEnd is { } end && d > end => Text.Words["The date can't be after the program ended on {0:d MMM yyyy}.", end.ToDateTime(TimeOnly.MinValue)].Value,
        { } d when !Contains(d) => Text.Words["Only this week and last week can be logged; older weeks are closed."].Value,
        _ => null,
    };
}
