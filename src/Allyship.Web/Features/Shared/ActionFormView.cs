using Allyship.Web.Data;
using Allyship.Web.Features.Actions;
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
    DateOnly Today,
    DateOnly MinDate,
    ModelStateDictionary? Errors,
    bool Compact = false)
{
    public string Id(string field) => $"{Kind.Slug()}-{field}";

    public string? Error(string field) => Errors is null ? null : FormErrors.For(Errors, field);

    /// <summary>Form defaults: today, the kind's usual minutes, and the colleague last met.</summary>
    public static ActionInput Defaults(ActionKind kind, int programId, DateOnly today, WeeklyTargets targets, int? lastColleagueId) => new()
    {
        ProgramId = programId,
        Kind = kind.ToString(),
        OccurredOn = today,
        Minutes = targets.DefaultMinutesFor(kind),
        ColleagueId = lastColleagueId,
    };
}
