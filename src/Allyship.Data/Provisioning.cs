namespace Allyship.Web.Data;

/// <summary>
/// A provisioning token: what the company's identity provider presents to create, update and deactivate people over
/// SCIM. Only its SHA-256 hash is kept; the token itself is shown once, when an admin creates it.
/// </summary>
public sealed class ProvisioningToken : IHasCreatedUtc
{
    public const int NameMaxLength = 80;

    public int Id { get; set; }
    public string Name { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the token; unique.</summary>
    public string TokenHash { get; set; } = "";

    public DateTime CreatedUtc { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime? LastUsedUtc { get; set; }

    /// <summary>When an admin revoked it; a revoked token is refused from then on.</summary>
    public DateTime? RevokedUtc { get; set; }

    public bool IsRevoked => RevokedUtc is not null;

    /// <summary>Usable: not revoked. The one home of that rule for queries.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<ProvisioningToken, bool>> Usable = t => t.RevokedUtc == null;
}

/// <summary>
/// A group the identity provider pushes (SCIM Groups). An admin may map it to a program: its members are then the
/// program's mentors, enrolled when they join the group and taken out (their history kept) when they leave it.
/// </summary>
public sealed class ScimGroup : ITimestamped
{
    public const int DisplayNameMaxLength = 200;

    public int Id { get; set; }
    public string DisplayName { get; set; } = "";
    public string? ExternalId { get; set; }

    /// <summary>The program whose mentors this group is, chosen by an admin; null when the group is only kept.</summary>
    public int? ProgramId { get; set; }
    public PledgeProgram? Program { get; set; }

    /// <summary>Counts every change: the SCIM resource's version and ETag.</summary>
    public int Version { get; set; }

    public List<ScimGroupMember> Members { get; set; } = [];

    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
}

/// <summary>A colleague in a pushed group.</summary>
public sealed class ScimGroupMember
{
    public int GroupId { get; set; }
    public int ColleagueId { get; set; }
    public Colleague Colleague { get; set; } = null!;
}
