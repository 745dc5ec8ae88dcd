using Microsoft.AspNetCore.Identity;

namespace Allyship.Web.Infrastructure.Database;

public static class Identity
{
    /// <summary>A UserManager step that reports failure instead of throwing: inside a command, failure must roll the command back.</summary>
    public static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Identity refused a step of the command: " + string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
