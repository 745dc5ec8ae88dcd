using Allyship.Web.Features.People;
using Allyship.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Colleagues;

public sealed class EditModel(EditColleague.Handler handler, DataSubject.Handler subject) : AdminPageModel
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

    /// <summary>Everything held about this colleague, as JSON, for an access request.</summary>
    public async Task<IActionResult> OnGetExportAsync(int id, CancellationToken ct) =>
        await subject.ExportColleagueAsync(User, id, ct) is { } json ? File(json, "application/json", $"allyship-colleague-{id}.json") : NotFound();

    public async Task<IActionResult> OnPostEraseAsync(int id, string? confirm, CancellationToken ct)
    {
        if (await handler.LoadAsync(id, ct) is not { } input)
        {
            return NotFound();
        }

        if (!string.Equals(confirm?.Trim(), input.Email, StringComparison.OrdinalIgnoreCase))
        {
            Input = input;
            ModelState.Clear();
            ModelState.AddModelError("", Infrastructure.Localisation.Text.Words["To erase, type their email address ({0}) in the box.", input.Email ?? ""]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        await subject.EraseColleagueAsync(User, id, ct);
        TempData["Status"] = Infrastructure.Localisation.Text.Words["Erased: the directory entry is now an anonymous former colleague; the actions about them still count."].Value;
        return Redirect("/admin/colleagues");
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

        TempData["Status"] = Infrastructure.Localisation.Text.Words["{0} saved.", result.Name ?? ""].Value;
        return Redirect("/admin/colleagues?q=" + Uri.EscapeDataString(result.Name!));
    }
}
