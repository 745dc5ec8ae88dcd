using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Localisation;

namespace Allyship.Web.Features.Actions;

/// <summary>Every rule an action must pass before it is saved. Pure: the same for log and edit, tested directly.</summary>
public static class ActionRules
{
    public static List<FieldError> Validate(ActionInput input, LoggableDays days, bool colleagueKnown = true)
    {
        var errors = new List<FieldError>();

        if (days.Problem(input.OccurredOn) is { } dateProblem)
        {
            errors.Add(new(nameof(input.OccurredOn), dateProblem));
        }

        if (input.Minutes is { } minutes && (minutes < PledgeAction.MinMinutes || minutes > PledgeAction.MaxMinutes))
        {
            errors.Add(new(nameof(input.Minutes), Text.Words["Minutes must be between {0} and {1}.", PledgeAction.MinMinutes, PledgeAction.MaxMinutes]));
        }

        if (input.NewColleague is { } newColleague)
        {
            // The directory's own rules and sentences, on the two fields the log form has.
            foreach (var error in Colleague.Check(newColleague))
            {
                errors.Add(error with { Field = error.Field == nameof(Colleague.Details.Name) ? nameof(input.NewColleagueName) : nameof(input.NewColleagueEmail) });
            }
        }
        else if (input.ColleagueId is null)
        {
            errors.Add(new(nameof(input.ColleagueId), Text.Words["Choose a colleague, or add someone new with their name and email."]));
        }
        else if (!colleagueKnown)
        {
            errors.Add(new(nameof(input.ColleagueId), Text.Words["That colleague is not in the directory. Choose another or add them."]));
        }

        if (ActionKinds.TryParse(input.Kind, out var kind) && kind == ActionKind.SponsorNote)
        {
            // A sponsor note is telling a senior leader about her accomplishment: without either it is no note (issue 35).
            if (string.IsNullOrWhiteSpace(input.SeniorLeader))
            {
                errors.Add(new(nameof(input.SeniorLeader), Text.Words["Name the senior leader you told."]));
            }

            if (string.IsNullOrWhiteSpace(input.Accomplishment))
            {
                errors.Add(new(nameof(input.Accomplishment), Text.Words["Say which accomplishment of hers you told them about."]));
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
            errors.Add(new(field, Text.Words["{0} can be at most {1:N0} characters (you have {2:N0}).", Text.Words[label], max, value.Trim().Length]));
        }
    }
}
