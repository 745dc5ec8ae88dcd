using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;

namespace Allyship.Web.Features.Shared;

public sealed record ActionListView(IReadOnlyList<ActionRow> Actions, bool Editable, string EmptyText);

/// <summary>
/// One logged action in a list: its public summary only (never private notes), and, where the program asks colleagues
/// to confirm, what she said (<see cref="Confirmation.StateLabel"/>) and a comment she chose to share.
/// </summary>
public sealed record ActionRow(int Id, ActionKind Kind, DateOnly OccurredOn, int Minutes, string ColleagueName, string? Summary,
    ConfirmationAnswer? Answer = null, string? SharedComment = null, bool AskedToConfirm = false, string? SeniorLeader = null,
    string? ChatProblem = null)
{
    /// <summary>What the mentor reads: "Coffee with Chen", "Told Helen about Dana" (<see cref="Pledge.ActionKinds.Title"/>).</summary>
    public string Title => Kind.Title(ColleagueName, SeniorLeader);

    /// <summary>Null where the program does not ask; otherwise confirmed, not recognised, or not confirmed yet (never "did not answer").</summary>
    public string? ConfirmationState => AskedToConfirm ? Confirmation.StateLabel(Answer) : null;

    public string ConfirmationClass => Answer switch
    {
        ConfirmationAnswer.Happened => "confirmed",
        ConfirmationAnswer.DidNotHappen => "not-recognised",
        _ => "",
    };
}
