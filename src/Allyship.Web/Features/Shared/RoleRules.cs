using System.Security.Claims;
using Allyship.Web.Data;

namespace Allyship.Web.Features.Shared;

/// <summary>
/// Separated duties, in one place for the people page, invitations and commands: nobody changes their own roles or
/// account, and only HR hands out (or takes away) HR, the role that opens every report.
/// </summary>
public static class RoleRules
{
    public const string NotYourself = "You can't change your own roles or account: ask another program admin.";
    public const string OnlyHrGrantsHr = "Only someone with the HR role can give or take away HR (or the create-user command on the server).";

    /// <summary>Why <paramref name="actor"/> may not give or take <paramref name="role"/> to the account <paramref name="targetUserId"/>; null if they may.</summary>
    public static string? RefusalFor(ClaimsPrincipal actor, string targetUserId, string? role)
    {
        if (actor.FindFirstValue(ClaimTypes.NameIdentifier) == targetUserId)
        {
            return NotYourself;
        }

        return role == Roles.HR && !actor.IsInRole(Roles.HR) ? OnlyHrGrantsHr : null;
    }

    /// <summary>The server's own operator (create-user, remove-role, deactivate): trusted with every role.</summary>
    public static ClaimsPrincipal CommandLine(string command) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Email, $"{command} (command line)"), .. Roles.All.Select(r => new Claim(ClaimTypes.Role, r))], "command"));
}
