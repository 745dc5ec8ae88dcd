using Allyship.Web.Data;

namespace Allyship.Web.Features.Shared;

public sealed record ActionListView(IReadOnlyList<ActionRow> Actions, bool Editable, string EmptyText);

/// <summary>One logged action in a list: its public summary only (never private notes).</summary>
public sealed record ActionRow(int Id, ActionKind Kind, DateOnly OccurredOn, int Minutes, string ColleagueName, string? Summary);
