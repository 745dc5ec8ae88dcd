using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Admin.Provisioning;

/// <summary>Provisioning: connect the company's identity provider (address and token), see its tokens, map its groups to programs.</summary>
public sealed class IndexModel(ProvisioningTokens.Handler tokens, GroupMapping.Handler groups, ViewerTime viewer, IOptions<AppOptions> app) : AdminPageModel
{
    [BindProperty]
    public string? Name { get; set; }

    /// <summary>The token just created: shown on this answer only, never stored or sent again.</summary>
    public ProvisioningTokens.Created? Created { get; private set; }

    public string TenantUrl { get; } = app.Value.Link(ScimEndpoints.Root);
    public IReadOnlyList<ProvisioningTokens.Row> Tokens { get; private set; } = [];
    public IReadOnlyList<GroupMapping.Row> Groups { get; private set; } = [];
    public IReadOnlyList<GroupMapping.ProgramChoice> Programs { get; private set; } = [];
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public string When(DateTime utc) => ViewerTime.Format(utc, Zone);

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateTokenAsync(CancellationToken ct)
    {
        var (created, errors) = await tokens.CreateAsync(User, Name, ct);
        AddErrors(errors);
        Created = created;
        Name = null;
        ModelState.Remove(nameof(Name));
        // Answered here rather than redirected: the token must not travel in a cookie or a link to be shown once.
        Response.Headers.CacheControl = "no-store";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        TempData["Status"] = await tokens.RevokeAsync(User, id, ct) is { } name
            ? Infrastructure.Localisation.Text.Words["The token “{0}” is revoked: requests with it are refused from now on.", name].Value
            : Infrastructure.Localisation.Text.Words["That token was already revoked."].Value;
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostMapAsync(int groupId, int? programId, CancellationToken ct)
    {
        TempData["Status"] = await groups.MapAsync(User, groupId, programId, ct) ?? Infrastructure.Localisation.Text.Words["That group is gone: the identity provider deleted it."].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Tokens = await tokens.ListAsync(ct);
        Groups = await groups.ListAsync(ct);
        Programs = await groups.ProgramsAsync(ct);
        Zone = await viewer.ZoneAsync(User, ct);
    }
}
