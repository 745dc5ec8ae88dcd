using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Allyship.Web.Features.Colleagues;

[Authorize(Policy = Policies.Mentor)]
public sealed class IndexModel(MentorPrograms programs, MyColleagues.Handler handler) : PageModel
{
    public IReadOnlyList<ProgramChoice> Programs { get; private set; } = [];
    public ProgramChoice? Program { get; private set; }
    public IReadOnlyList<MyColleagues.Row> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int? program, CancellationToken ct)
    {
        Programs = await programs.ListAsync(User.UserId(), ct);
        Program = MentorPrograms.Choose(Programs, program);
        if (Program is not null)
        {
            Rows = await handler.HandleAsync(User.UserId(), Program.Id, ct);
        }

        return Page();
    }
}
