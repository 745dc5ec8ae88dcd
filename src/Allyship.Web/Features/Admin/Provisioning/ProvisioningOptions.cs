using System.ComponentModel.DataAnnotations;

namespace Allyship.Web.Features.Admin.Provisioning;

/// <summary>`Provisioning:*`: how SCIM attributes map onto the directory, and the limits on what one request may ask.</summary>
public sealed class ProvisioningOptions
{
    public const string Section = "Provisioning";

    /// <summary>
    /// The user attribute that holds the directory's level: a core attribute (`title`, `userType`), an enterprise one
    /// (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division`) or a custom extension's
    /// (`urn:ietf:params:scim:schemas:extension:yourcompany:2.0:User:grade`).
    /// </summary>
    [Required, MaxLength(300)]
    public string LevelAttribute { get; set; } = "title";

    /// <summary>Levels whose people are senior leaders (the sponsor note's "told"); empty leaves the leader flag to admins.</summary>
    public List<string> LeaderLevels { get; set; } = [];

    /// <summary>The most resources one list answer holds (filter.maxResults); a larger `count` gets this many.</summary>
    [Range(1, 1000)]
    public int MaxResults { get; set; } = 200;

    /// <summary>The largest request body, in bytes (maxPayloadSize); larger ones get 413.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The most members one group request may send (more is 400 tooMany and changes nothing), and one list of groups
    /// returns (further groups come on the next page; a single group is always returned whole).
    /// </summary>
    [Range(1, 100_000)]
    public int MaxMembersPerRequest { get; set; } = 1000;

    /// <summary>
    /// Requests one token may make per minute; over it, 429 with Retry-After. Entra ID asks a SCIM endpoint to take at
    /// least 25 requests a second; an initial sync is a lookup and a create per person, so 20,000 people are 40,000
    /// requests: at 6,000 a minute about 7 minutes, where 600 would take over an hour and get the job quarantined.
    /// </summary>
    [Range(1, 100_000)]
    public int RequestsPerMinute { get; set; } = 6000;
}
