using Allyship.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Colleagues;

public sealed class EditModel(EditColleague.Handler handler) : AdminPageModel
{
    [BindProperty]
    public EditColleague.Input Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (await handler.LoadAsync(id, ct) is not { } input)
        {
            return NotFound();
        }

        Input = input;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken ct)
    {
        var result = await handler.SaveAsync(User, id, Input, ct);
        if (!result.Found)
        {
            return NotFound();
        }

        if (result.Errors.Count > 0)
        {
            AddErrors(result.Errors);
            return Page();
        }

        TempData["Status"] = $"{result.Name} saved.";
        return Redirect("/admin/colleagues?q=" + Uri.EscapeDataString(result.Name!));
    }
}
