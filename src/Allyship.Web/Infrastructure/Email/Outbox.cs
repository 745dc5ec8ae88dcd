using Allyship.Web.Data;

namespace Allyship.Web.Infrastructure.Email;

/// <summary>A message to queue. The caller saves it with whatever caused it, in one SaveChanges.</summary>
public sealed record OutgoingEmail(
    string ToAddress,
    string? ToName,
    string Subject,
    string HtmlBody,
    string TextBody,
    EmailKind Kind,
    string DeduplicationKey,
    string? UserId = null,
    string? UnsubscribeUrl = null,
    string? Calendar = null);

public static class Outbox
{
    public static EmailMessage ToRow(this OutgoingEmail email, DateTime nowUtc) => new()
    {
        ToAddress = email.ToAddress,
        ToName = email.ToName,
        Subject = email.Subject.Length > EmailMessage.SubjectMaxLength ? email.Subject[..EmailMessage.SubjectMaxLength] : email.Subject,
        HtmlBody = email.HtmlBody,
        TextBody = email.TextBody,
        Kind = email.Kind,
        DeduplicationKey = email.DeduplicationKey,
        UserId = email.UserId,
        UnsubscribeUrl = email.UnsubscribeUrl,
        Calendar = email.Calendar,
        Status = EmailStatus.Pending,
        NextAttemptUtc = nowUtc,
        CreatedUtc = nowUtc,
        UpdatedUtc = nowUtc,
    };

    /// <summary>Adds the messages whose keys are not in the outbox yet; returns how many were added.</summary>
    public static int QueueNew(this AllyshipDbContext db, IReadOnlyCollection<OutgoingEmail> emails, ISet<string> existingKeys, DateTime nowUtc)
    {
        var added = 0;
        foreach (var email in emails)
        {
            if (existingKeys.Add(email.DeduplicationKey))
            {
                db.Emails.Add(email.ToRow(nowUtc));
                added++;
            }
        }

        return added;
    }
}
