using Allyship.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace Allyship.Web.Infrastructure.Accounts;

/// <summary>
/// Identity asks this before any sign-in (password, code, single sign-on): a deactivated account is not allowed in.
/// </summary>
public sealed class ActiveAccounts : IUserConfirmation<AppUser>
{
    public Task<bool> IsConfirmedAsync(UserManager<AppUser> manager, AppUser user) => Task.FromResult(user.IsActive);
}
