using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Features.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Allyship.Web.Features.Admin.Users;

/// <summary>One person: grant and remove roles, deactivate and reactivate. Each change is audited; taking away ends sessions.</summary>
public sealed class PersonModel(People.Handler people, AccountAccess.Handler access, DataSubject.Handler subject, ViewerTime viewer) : AdminPageModel
{
    public People.Row? Person { get; private set; }

    public bool IsSelf => Person?.Id == User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value;

    /// <summary>The zone the page's times are in (the viewer's).</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        Person = (await people.ListAsync(null, id, ct)).SingleOrDefault();
        Zone = await viewer.ZoneAsync(User, ct);
        return Person is null ? NotFound() : Page();
    }

    /// <summary>Whether the viewer may give or take HR and switch off HR accounts (<see cref="RoleRules"/> decides; this only shapes the page).</summary>
    public bool ViewerIsHr => User.IsInRole(Roles.HR);

    public bool PersonIsHr => Person?.Roles.Contains(Roles.HR) == true;

    public Task<IActionResult> OnPostGrantAsync(string id, string? role, CancellationToken ct) =>
        ApplyAsync(id, () => access.GrantRoleAsync(User, id, role, ct), ct);

    public Task<IActionResult> OnPostRevokeAsync(string id, string? role, CancellationToken ct) =>
        ApplyAsync(id, () => access.RemoveRoleAsync(User, id, role, ct), ct);

    public Task<IActionResult> OnPostDeactivateAsync(string id, CancellationToken ct) => ApplyAsync(id, () => access.DeactivateAsync(User, id, ct), ct);

    public Task<IActionResult> OnPostReactivateAsync(string id, CancellationToken ct) => ApplyAsync(id, () => access.ReactivateAsync(User, id, ct), ct);

    /// <summary>Everything held about this person, as JSON (their private notes excepted: those are theirs alone).</summary>
    public async Task<IActionResult> OnGetExportAsync(string id, CancellationToken ct) =>
        await subject.ExportPersonAsync(User, id, ownRequest: false, ct) is { } json
            ? File(json, "application/json", $"allyship-person-{id[..Math.Min(8, id.Length)]}.json")
            : NotFound();

    public async Task<IActionResult> OnPostEraseAsync(string id, string? confirm, CancellationToken ct)
    {
        Person = (await people.ListAsync(null, id, ct)).SingleOrDefault();
        if (Person is null)
        {
            return NotFound();
        }

        Zone = await viewer.ZoneAsync(User, ct);

        if (!string.Equals(confirm?.Trim(), Person.Email, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("", Infrastructure.Localisation.Text.Words["To erase, type their email address ({0}) in the box.", Person.Email]);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        if (await subject.ErasePersonAsync(User, id, ct) is { } refusal)
        {
            ModelState.AddModelError("", refusal);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        TempData["Status"] = Infrastructure.Localisation.Text.Words["Erased: the account is now an anonymous former mentor; their weeks still count in reports."].Value;
        return RedirectToPage("/Admin/Users/Index");
    }

    private async Task<IActionResult> ApplyAsync(string id, Func<Task<AccountAccess.Change>> change, CancellationToken ct)
    {
        var result = await change();
        if (result.Done)
        {
            TempData["Status"] = result.Message;
            return RedirectToPage(new { id });
        }

        ModelState.AddModelError("", result.Message);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return await OnGetAsync(id, ct);
    }
}
