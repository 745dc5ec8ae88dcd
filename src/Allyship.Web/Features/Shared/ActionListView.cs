using Allyship.Web.Features.Week;

namespace Allyship.Web.Features.Shared;

public sealed record ActionListView(IReadOnlyList<ThisWeek.ActionRow> Actions, bool Editable, string EmptyText);
