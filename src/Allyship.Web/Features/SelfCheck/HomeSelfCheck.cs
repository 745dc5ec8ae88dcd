using System.Text.Json;
using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.SelfCheck;

/// <summary>
/// "Allyship starts at home": a short, optional reflection on sharing the work at home, adapted from the research's
/// domestic audit. Saved for the mentor alone, encrypted like private notes; no dashboard, report, export, email or admin
/// page reads it, and she deletes it whenever she likes.
/// </summary>
public static class HomeSelfCheck
{
    public const int TextMaxLength = 2000;

    /// <summary>A yes/no/sometimes question; <see cref="Key"/> names it in the stored answers.</summary>
    public sealed record Question(string Key, string Text);

    public static readonly IReadOnlyList<Question> Questions =
    [
        new("planning", "Do you share the planning at home (meals, shopping, what the week needs), not only the doing?"),
        new("remembering", "Do you keep track of appointments, birthdays and school or care forms as often as your partner or household does?"),
        new("caring", "Do you take your share of looking after children or relatives, including the days someone is ill?"),
        new("leave", "Have you taken (or would you take) parental or carer's leave, and leave work on time for family?"),
        new("talked", "Have you talked at home about how the work is shared, in the last few months?"),
    ];

    public static readonly IReadOnlyList<(string Value, string Label)> Scale = [("yes", "Yes"), ("sometimes", "Sometimes"), ("no", "Not yet")];

    public sealed class Answers
    {
        public Dictionary<string, string> Choices { get; set; } = [];

        /// <summary>One thing she could take on this month.</summary>
        public string? OneThing { get; set; }

        /// <summary>Anything else, for herself.</summary>
        public string? Notes { get; set; }

        public bool IsEmpty => Choices.Count == 0 && string.IsNullOrWhiteSpace(OneThing) && string.IsNullOrWhiteSpace(Notes);
    }

    public sealed class Handler(AllyshipDbContext db, NoteProtector protector, TimeProvider clock)
    {
        public async Task<(Answers? Answers, DateTime? SavedUtc)> LoadAsync(string mentorId, CancellationToken ct)
        {
            var row = await db.SelfChecks.AsNoTracking().SingleOrDefaultAsync(s => s.MentorId == mentorId, ct);
            if (row is null)
            {
                return (null, null);
            }

            var json = protector.Unprotect(row.Answers);
            try
            {
                return (JsonSerializer.Deserialize<Answers>(json ?? "{}") ?? new Answers(), row.UpdatedUtc);
            }
            catch (JsonException)
            {
                return (new Answers { Notes = NoteProtector.Unreadable }, row.UpdatedUtc); // the key is gone: say so, keep the row deletable
            }
        }

        /// <summary>Saves her answers (only known questions and choices; texts within their limit), or says what to fix.</summary>
        public async Task<List<FieldError>> SaveAsync(string mentorId, Answers answers, CancellationToken ct)
        {
            var errors = new List<FieldError>();
            if (answers.OneThing?.Length > TextMaxLength || answers.Notes?.Length > TextMaxLength)
            {
                errors.Add(new("Text", Infrastructure.Localisation.Text.Words["Keep each answer under {0} characters.", TextMaxLength]));
            }

            var clean = new Answers
            {
                Choices = answers.Choices.Where(c => Questions.Any(q => q.Key == c.Key) && Scale.Any(s => s.Value == c.Value)).ToDictionary(),
                OneThing = string.IsNullOrWhiteSpace(answers.OneThing) ? null : answers.OneThing.Trim(),
                Notes = string.IsNullOrWhiteSpace(answers.Notes) ? null : answers.Notes.Trim(),
            };
            if (errors.Count > 0)
            {
                return errors;
            }

            var row = await db.SelfChecks.SingleOrDefaultAsync(s => s.MentorId == mentorId, ct);
            if (clean.IsEmpty)
            {
                if (row is not null)
                {
                    db.SelfChecks.Remove(row);
                }
            }
            else
            {
                if (row is null)
                {
                    row = new Data.SelfCheck { MentorId = mentorId };
                    db.SelfChecks.Add(row);
                }

                row.Answers = protector.Protect(JsonSerializer.Serialize(clean))!;
                row.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
            }

            await db.SaveChangesAsync(ct);
            return [];
        }

        public Task<int> DeleteAsync(string mentorId, CancellationToken ct) =>
            db.SelfChecks.Where(s => s.MentorId == mentorId).ExecuteDeleteAsync(ct);
    }
}
