using System.Security.Cryptography;
using System.Text;

namespace Allyship.Web.Data;

public enum InvitationStatus
{
    Pending = 1,
    Accepted = 2,
    Revoked = 3,
}

/// <summary>
/// An invitation to join: an email, the roles it grants, the program it enrols into. The link's token is stored only
/// as a hash; re-sending replaces it, so the old link stops working.
/// </summary>
public sealed class Invitation : ITimestamped
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public int Id { get; set; }
    public string Email { get; set; } = "";
    public int? ProgramId { get; set; }
    public PledgeProgram? Program { get; set; }

    /// <summary>Comma-separated role names.</summary>
    public string Roles { get; set; } = "";

    public string? Department { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTime ExpiresUtc { get; set; }
    public InvitationStatus Status { get; set; } = InvitationStatus.Pending;
    public int TimesSent { get; set; }
    public string InvitedById { get; set; } = "";
    public string? AcceptedUserId { get; set; }
    public DateTime? AcceptedUtc { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    public IReadOnlyList<string> RoleList => Roles.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string DisplayStatus(DateTime nowUtc) => Status switch
    {
        InvitationStatus.Accepted => "Accepted",
        InvitationStatus.Revoked => "Revoked",
        _ => ExpiresUtc <= nowUtc ? "Expired" : "Invited",
    };

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
