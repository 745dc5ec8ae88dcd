using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Allyship.Web.Features.Shared;

/// <summary>What the shared action form needs: one form per kind on "This week", or one alone on log and edit pages.</summary>
public sealed record ActionFormView(
    ActionKind Kind,
    ActionInput Input,
    ColleaguePicker Colleagues,
    string PostUrl,
    string SubmitLabel,
    LoggableDays Days,
    ModelStateDictionary? Errors,
    bool Compact = false,
    string? ChatChannel = null)
{
    public string Id(string field) => $"{Kind.Slug()}-{field}";

    public string? Error(string field) => Errors is null ? null : FormErrors.For(Errors, field);

    /// <summary>
    /// Form defaults: today, the kind's usual minutes and a new submission id. No colleague is chosen for the mentor (a
    /// preselected one invites logging the wrong person); <paramref name="colleagueId"/> only when the link named her.
    /// </summary>
    public static ActionInput Defaults(ActionKind kind, int programId, DateOnly today, WeeklyTargets targets, int? colleagueId = null) => new()
    {
        SubmissionId = Guid.NewGuid(),
        ProgramId = programId,
        Kind = kind.ToString(),
        OccurredOn = today,
        Minutes = targets.DefaultMinutesFor(kind),
        ColleagueId = colleagueId,
    };
}
