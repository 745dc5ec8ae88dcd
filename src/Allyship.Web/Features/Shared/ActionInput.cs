using System.ComponentModel.DataAnnotations;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Privacy;

namespace Allyship.Web.Features.Shared;

/// <summary>What the log and edit forms post. Every rule lives in the Actions slice's ActionRules.</summary>
public sealed class ActionInput
{
    [Display(Name = "program")]
    public int ProgramId { get; set; }

    public string? Kind { get; set; }

    [Display(Name = "date")]
    public DateOnly? OccurredOn { get; set; }

    [Display(Name = "number of minutes")]
    public int? Minutes { get; set; }

    [Display(Name = "colleague")]
    public int? ColleagueId { get; set; }

    /// <summary>Rendered once per form: posting the same form twice logs one action (<see cref="PledgeAction.SubmissionId"/>).</summary>
    public Guid? SubmissionId { get; set; }

    /// <summary>The planned coffee this log turns into a logged one ("Log it" on This week), if any.</summary>
    public int? PlannedCoffeeId { get; set; }

    /// <summary>Ticked "Post it in #channel" on a shout-out: queue it for the program's chat.</summary>
    public bool PostToChat { get; set; }

    public string? NewColleagueName { get; set; }
    public string? NewColleagueEmail { get; set; }
    public string? Topics { get; set; }
    public string? PrivateNotes { get; set; }
    public string? Achievement { get; set; }
    public string? WhereGiven { get; set; }
    public string? SeniorLeader { get; set; }
    public string? Accomplishment { get; set; }

    /// <summary>Copies the kind's details onto the entity; fields of other kinds are cleared so nothing stray is kept.</summary>
    public void ApplyDetailsTo(PledgeAction a, NoteProtector notes)
    {
        a.Topics = a.Kind == ActionKind.Coffee ? Clean(Topics) : null;
        a.PrivateNotes = a.Kind == ActionKind.Coffee ? notes.Protect(Clean(PrivateNotes)) : null;
        a.Achievement = a.Kind == ActionKind.ShoutOut ? Clean(Achievement) : null;
        a.WhereGiven = a.Kind == ActionKind.ShoutOut ? Clean(WhereGiven) : null;
        a.SeniorLeader = a.Kind == ActionKind.SponsorNote ? Clean(SeniorLeader) : null;
        a.Accomplishment = a.Kind == ActionKind.SponsorNote ? Clean(Accomplishment) : null;
    }

    /// <summary>The someone new typed into the form (a name or an email given), or null when a colleague was picked.</summary>
    public Colleague.Details? NewColleague =>
        Clean(NewColleagueName) is null && Clean(NewColleagueEmail) is null ? null : new Colleague.Details(NewColleagueName, NewColleagueEmail);

    internal static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
