using System.Security.Claims;

namespace Allyship.Web.Infrastructure;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in user's id; pages behind the fallback policy always have one.</summary>
    public static string UserId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No signed-in user.");
}
