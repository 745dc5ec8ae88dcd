using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>
    /// Releases held emails (went by Slack, or as a notification, instead) to be sent after all, now: what reached the
    /// person instead did not. Returns how many.
    /// </summary>
    public static Task<int> ReleaseAsync(IQueryable<EmailMessage> held, DateTime nowUtc) =>
        held.ExecuteUpdateAsync(s => s.SetProperty(e => e.Status, EmailStatus.Pending).SetProperty(e => e.SentUtc, (DateTime?)null)
            .SetProperty(e => e.NextAttemptUtc, nowUtc).SetProperty(e => e.UpdatedUtc, nowUtc), CancellationToken.None);
}
