using Allyship.Web.Data;

namespace Allyship.Web.Features.People;

/// <summary>
/// What other parts of the app do when someone's account comes to exist (single sign-on's first sign-in, an accepted
/// invitation): run inside that command's transaction, after her roles are given. Provisioning enrols her in the
/// programs her mapped identity-provider groups feed, which waited for her account.
/// </summary>
public interface IAccountOpened
{
    Task OpenedAsync(AppUser user, CancellationToken ct);
}
