using System.Security.Claims;
using Allyship.Web.Data;

namespace Allyship.Web.Features.People;

/// <summary>
/// Separated duties, in one place for the people page, invitations, erasure and commands: nobody changes their own roles
/// or account, and only HR hands out (or takes away) HR, the role that opens every report, or switches off an HR account.
/// Role names are compared as Identity compares them (<see cref="Roles.Find"/>): `hr` is HR.
/// </summary>
public static class RoleRules
{
    public const string NotYourself = "You can't change your own roles or account: ask another program admin.";
    public const string OnlyHrGrantsHr = "Only someone with the HR role can give or take away HR (or the create-user command on the server).";
    public const string OnlyHrRemovesHr = "Only someone with the HR role can deactivate or erase an HR account.";

    /// <summary>Why <paramref name="actor"/> may not give or take <paramref name="role"/> to the account <paramref name="targetUserId"/>; null if they may.</summary>
    public static string? RefusalFor(ClaimsPrincipal actor, string targetUserId, string? role)
    {
        if (actor.FindFirstValue(ClaimTypes.NameIdentifier) == targetUserId)
        {
            return NotYourself;
        }

        return Roles.Find(role) == Roles.HR && !actor.IsInRole(Roles.HR) ? OnlyHrGrantsHr : null;
    }

    /// <summary>Why <paramref name="actor"/> may not deactivate or erase the account <paramref name="targetUserId"/>; null if they may.</summary>
    public static string? AccountRefusalFor(ClaimsPrincipal actor, string targetUserId, bool targetIsHr) =>
        RefusalFor(actor, targetUserId, null) ?? (targetIsHr && !actor.IsInRole(Roles.HR) ? OnlyHrRemovesHr : null);

    /// <summary>The server's own operator (create-user, remove-role, deactivate): trusted with every role.</summary>
    public static ClaimsPrincipal CommandLine(string command) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Email, $"{command} (command line)"), .. Roles.All.Select(r => new Claim(ClaimTypes.Role, r))], "command"));
}
