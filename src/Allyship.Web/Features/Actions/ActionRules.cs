using System.Net.Mail;
using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;

namespace Allyship.Web.Features.Actions;

/// <summary>The facts about a program that the rules need.</summary>
public sealed record ProgramFacts(DateOnly StartDate, DateOnly? EndDate, WeeklyTargets Targets);

/// <summary>Every rule an action must pass before it is saved. Pure: the same for log and edit, tested directly.</summary>
public static class ActionRules
{
    public const int MinMinutes = 1;
    public const int MaxMinutes = 240;

    public static List<FieldError> Validate(ActionInput input, ProgramFacts program, DateOnly today, bool colleagueKnown = true)
    {
        var errors = new List<FieldError>();

        if (input.OccurredOn is not { } date)
        {
            errors.Add(new(nameof(input.OccurredOn), "Enter the date it happened."));
        }
        else if (date > today)
        {
            errors.Add(new(nameof(input.OccurredOn), $"The date can't be in the future: today is {today:d MMM yyyy}."));
        }
        else if (date < program.StartDate)
        {
            errors.Add(new(nameof(input.OccurredOn), $"The date can't be before the program started on {program.StartDate:d MMM yyyy}."));
        }
        else if (program.EndDate is { } end && date > end)
        {
            errors.Add(new(nameof(input.OccurredOn), $"The date can't be after the program ended on {end:d MMM yyyy}."));
        }
        else if (!ProgramCalendar.IsEditable(PledgeWeek.Containing(date), PledgeWeek.Containing(today)))
        {
            errors.Add(new(nameof(input.OccurredOn), "Only this week and last week can be logged; older weeks are closed."));
        }

        if (input.Minutes is { } minutes && (minutes < MinMinutes || minutes > MaxMinutes))
        {
            errors.Add(new(nameof(input.Minutes), $"Minutes must be between {MinMinutes} and {MaxMinutes}."));
        }

        var newName = ActionInput.Clean(input.NewColleagueName);
        var newEmail = ActionInput.Clean(input.NewColleagueEmail);
        if (newName is null && newEmail is null)
        {
            if (input.ColleagueId is null)
            {
                errors.Add(new(nameof(input.ColleagueId), "Choose a colleague, or add someone new with their name and email."));
            }
            else if (!colleagueKnown)
            {
                errors.Add(new(nameof(input.ColleagueId), "That colleague is not in the directory. Choose another or add them."));
            }
        }
        else
        {
            if (newName is null)
            {
                errors.Add(new(nameof(input.NewColleagueName), "Enter the new colleague's name."));
            }
            else if (newName.Length > Colleague.NameMaxLength)
            {
                errors.Add(new(nameof(input.NewColleagueName), $"The name can be at most {Colleague.NameMaxLength} characters."));
            }

            if (newEmail is null)
            {
                errors.Add(new(nameof(input.NewColleagueEmail), "Enter the new colleague's email, so the same person is never added twice."));
            }
            else if (!EmailRules.IsValid(newEmail))
            {
                errors.Add(new(nameof(input.NewColleagueEmail), "Enter an email address like name@example.com."));
            }
        }

        CheckLength(errors, nameof(input.Topics), "Topics", input.Topics, PledgeAction.LongTextMaxLength);
        CheckLength(errors, nameof(input.PrivateNotes), "Private notes", input.PrivateNotes, PledgeAction.PrivateNotesMaxLength);
        CheckLength(errors, nameof(input.Achievement), "The achievement", input.Achievement, PledgeAction.LongTextMaxLength);
        CheckLength(errors, nameof(input.WhereGiven), "Where it was given", input.WhereGiven, PledgeAction.ShortTextMaxLength);
        CheckLength(errors, nameof(input.SeniorLeader), "The senior leader", input.SeniorLeader, PledgeAction.ShortTextMaxLength);
        CheckLength(errors, nameof(input.Accomplishment), "The accomplishment", input.Accomplishment, PledgeAction.LongTextMaxLength);

        return errors;
    }

    private static void CheckLength(List<FieldError> errors, string field, string label, string? value, int max)
    {
        if (value is not null && value.Trim().Length > max)
        {
            errors.Add(new(field, $"{label} can be at most {max:N0} characters (you have {value.Trim().Length:N0})."));
        }
    }
}

public static class EmailRules
{
    public static bool IsValid(string? email)
    {
        if (string.IsNullOrWhiteSpace(email) || email.Length > Colleague.EmailMaxLength || email.Any(char.IsWhiteSpace))
        {
            return false;
        }

        if (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !string.IsNullOrEmpty(parsed.DisplayName))
        {
            return false;
        }

        var host = parsed.Host;
        return host.Contains('.', StringComparison.Ordinal) && !host.StartsWith('.') && !host.EndsWith('.');
    }
}
