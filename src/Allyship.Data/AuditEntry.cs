namespace Allyship.Web.Data;

/// <summary>Who changed what, when: every admin change (programs, invitations, roles, enrolments, imports, nudges).</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime WhenUtc { get; set; }
    public string ActorId { get; set; } = "";
    public string ActorEmail { get; set; } = "";
    public string Action { get; set; } = "";
    public string Target { get; set; } = "";
    public string? Details { get; set; }
}
