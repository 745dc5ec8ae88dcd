namespace Allyship.Web.Data;

/// <summary>
/// A row that belongs to one mentor's own record (their actions, plans, chosen colleagues, enrolments): a change to it
/// tells the caches of that mentor's pages (<c>DataChanges</c>) to read again.
/// </summary>
public interface IMentorOwned
{
    string MentorId { get; }
}
