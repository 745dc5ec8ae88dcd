using Allyship.Web.Features.Pledge;

namespace Allyship.Web.Features.Shared;

public sealed record ProgramPickerView(IReadOnlyList<ProgramChoice> Programs, int SelectedId, string PageUrl);
