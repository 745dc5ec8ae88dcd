using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Localisation;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Coffee;

/// <summary>
/// Her answer to a coffee invitation, from the link in it and without an account (issue 35): "can't make it" withdraws
/// the coffee from both calendars and tells the mentor; "another time" tells the mentor her time, which the coffee keeps
/// until he moves it. The link's key is her and the coffee's day; the form carries which coffee and the version she saw.
/// </summary>
public static partial class PlanCoffee
{
    public sealed class AnswerInput
    {
        public int PlanId { get; set; }

        /// <summary>The plan's <see cref="PlannedCoffee.Sequence"/> when she opened the page: a coffee moved since is shown again, not answered.</summary>
        public int Version { get; set; }

        public CoffeeAnswer? Choice { get; set; }

        public DateOnly? Date { get; set; }

        public TimeOnly? Time { get; set; }

        public string? Note { get; set; }
    }

    /// <summary>One of her coffees on the link's day, as her page shows it.</summary>
    public sealed record HerCoffee(int Id, int Version, string MentorName, DateTime StartsLocal, string TimeZoneId, int Minutes, string Place,
        CoffeeAnswer? Answer, DateTime? SuggestedLocal, string? Note, bool Open)
    {
        public string When => CoffeeEmails.When(StartsLocal, TimeZoneId);

        public string? SuggestedWhen => SuggestedLocal is { } s ? CoffeeEmails.When(s, TimeZoneId) : null;
    }

    public enum AnswerOutcome
    {
        Done,

        /// <summary>Something to fix in the form: nothing was sent.</summary>
        Invalid,

        /// <summary>Moved, cancelled or logged since she opened the page: shown again as it stands, nothing was sent.</summary>
        Changed,
    }

    public sealed record AnswerResult(AnswerOutcome Outcome, IReadOnlyList<FieldError> Errors);

    /// <summary>What her answer must hold: a choice; for another time, a day and time still ahead and not the planned one.</summary>
    public static List<FieldError> ValidateAnswer(AnswerInput input, DateTime startsUtc, DateTime? suggestedUtc, DateTime nowUtc, TimeZoneInfo zone)
    {
        var errors = new List<FieldError>();
        if (input.Choice is not (CoffeeAnswer.CantMakeIt or CoffeeAnswer.AnotherTime))
        {
            errors.Add(new(nameof(AnswerInput.Choice), Text.Words["Choose one: you can't make it, or another time suits you better."]));
        }
        else if (input.Choice == CoffeeAnswer.AnotherTime)
        {
            if (input.Date is null)
            {
                errors.Add(new(nameof(AnswerInput.Date), Text.Words["Choose the day that suits you."]));
            }

            if (input.Time is null)
            {
                errors.Add(new(nameof(AnswerInput.Time), Text.Words["Choose the time that suits you."]));
            }
            else if (input.Date is { } date && zone.IsInvalidTime(date.ToDateTime(input.Time.Value)))
            {
                errors.Add(new(nameof(AnswerInput.Time), Text.Words["That time doesn't exist on that day: the clocks go forward. Choose another time."]));
            }
            else if (suggestedUtc is { } suggested && suggested <= nowUtc)
            {
                errors.Add(new(nameof(AnswerInput.Date), Text.Words["That time has passed: choose one still ahead."]));
            }
            else if (suggestedUtc == startsUtc)
            {
                errors.Add(new(nameof(AnswerInput.Date), Text.Words["That's the time already planned: choose another, or keep the invitation as it is."]));
            }
        }

        if (input.Note?.Trim() is { Length: > PlannedCoffee.AnswerNoteMaxLength })
        {
            errors.Add(new(nameof(AnswerInput.Note), Text.Words["Keep it under {0} characters.", PlannedCoffee.AnswerNoteMaxLength]));
        }

        return errors;
    }

    public sealed partial class Handler
    {
        /// <summary>The day a plan starts on, in its own zone: the key of her link to it.</summary>
        private static DateOnly DayOf(PlannedCoffee plan) =>
            DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(plan.StartsUtc, TimeZones.Find(plan.TimeZoneId)));

        /// <summary>Her coffees on the link's day: those still planned, and those she said she can't make (to say it back).</summary>
        public async Task<IReadOnlyList<HerCoffee>> HerCoffeesOnAsync(int colleagueId, DateOnly day, CancellationToken ct)
        {
            // Zones reach 14 hours either side of UTC: two days around the day find its plans, and each is checked in its own zone.
            var from = day.AddDays(-2).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var to = day.AddDays(2).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            var rows = await db.PlannedCoffees.AsNoTracking()
                .Where(p => p.ColleagueId == colleagueId && p.StartsUtc >= from && p.StartsUtc < to && p.LoggedActionId == null)
                .Where(p => p.CancelledUtc == null || p.Answer == CoffeeAnswer.CantMakeIt)
                .OrderBy(p => p.StartsUtc)
                .Select(p => new { Plan = p, Mentor = db.Users.Where(u => u.Id == p.MentorId).Select(u => u.DisplayName ?? u.Email).FirstOrDefault() })
                .ToListAsync(ct);
            return rows.Where(r => DayOf(r.Plan) == day).Select(r =>
            {
                var zone = TimeZones.Find(r.Plan.TimeZoneId);
                return new HerCoffee(r.Plan.Id, r.Plan.Sequence, r.Mentor ?? Text.Words["Your mentor"], TimeZoneInfo.ConvertTimeFromUtc(r.Plan.StartsUtc, zone),
                    r.Plan.TimeZoneId, r.Plan.DurationMinutes, r.Plan.Place, r.Plan.Answer,
                    r.Plan.SuggestedStartsUtc is { } s ? TimeZoneInfo.ConvertTimeFromUtc(s, zone) : null, r.Plan.AnswerNote, r.Plan.IsOpen);
            }).ToList();
        }

        /// <summary>
        /// Her answer, in one commit with its emails: the plan and the mentor's email (and, for "can't make it", the
        /// cancellation to both calendars). A coffee moved, cancelled or logged since she opened the page is not answered.
        /// </summary>
        public async Task<AnswerResult> AnswerAsync(int colleagueId, DateOnly day, AnswerInput input, CancellationToken ct)
        {
            var plan = await db.PlannedCoffees.Include(p => p.Colleague).Include(p => p.Program)
                .SingleOrDefaultAsync(p => p.Id == input.PlanId && p.ColleagueId == colleagueId, ct);
            if (plan is null || DayOf(plan) != day || !plan.IsOpen || plan.Sequence != input.Version)
            {
                db.ChangeTracker.Clear();
                return new AnswerResult(AnswerOutcome.Changed, []);
            }

            var zone = TimeZones.Find(plan.TimeZoneId);
            DateTime? suggestedUtc = input.Choice == CoffeeAnswer.AnotherTime && input.Date is { } d && input.Time is { } t && !zone.IsInvalidTime(d.ToDateTime(t))
                ? LocalTime.ToUtc(d, t, zone)
                : null;
            var now = calendar.UtcNow;
            var errors = ValidateAnswer(input, plan.StartsUtc, suggestedUtc, now, zone);
            if (errors.Count > 0)
            {
                db.ChangeTracker.Clear();
                return new AnswerResult(AnswerOutcome.Invalid, errors);
            }

            var mentor = await db.Users.AsNoTracking().SingleAsync(u => u.Id == plan.MentorId, ct);
            var note = string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim();
            try
            {
                links.EnsureKey(); // the signing key exists before the transaction (VoiceTokens.EnsureKey)
                return await db.InTransactionAsync(async () =>
                {
                    (plan.Answer, plan.AnsweredUtc, plan.AnswerNote) = (input.Choice, now, note);
                    if (input.Choice == CoffeeAnswer.CantMakeIt)
                    {
                        plan.CancelledUtc = now;
                        plan.SuggestedStartsUtc = null;
                        plan.Sequence++;
                        await db.SaveChangesAsync(ct); // the concurrency check first: a move or cancel meanwhile stops here
                        await QueueInvitationsAsync(plan, plan.Program.Name, mentor, plan.Colleague, cancelled: true, now, ct, declined: true);
                    }
                    else
                    {
                        plan.SuggestedStartsUtc = suggestedUtc;
                        await db.SaveChangesAsync(ct);
                        await QueueSuggestionAsync(plan, mentor, ct);
                    }

                    await db.SaveChangesAsync(ct);
                    return new AnswerResult(AnswerOutcome.Done, []);
                }, ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return new AnswerResult(AnswerOutcome.Changed, []); // the mentor moved or cancelled it a moment before
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        /// <summary>Her suggested time to the mentor, once per time suggested (the same form sent twice sends one email).</summary>
        private async Task QueueSuggestionAsync(PlannedCoffee plan, AppUser mentor, CancellationToken ct)
        {
            var zone = TimeZones.Find(plan.TimeZoneId);
            var suggested = TimeZoneInfo.ConvertTimeFromUtc(plan.SuggestedStartsUtc!.Value, zone);
            var key = PlannedCoffee.InvitationKey(plan.Id, plan.Sequence, $"suggested-{suggested:yyyyMMddHHmm}");
            if (await db.Emails.AnyAsync(e => e.DeduplicationKey == key, ct))
            {
                return;
            }

            var local = TimeZoneInfo.ConvertTimeFromUtc(plan.StartsUtc, zone);
            using var inTheirLanguage = Infrastructure.Localisation.Cultures.Use(languages.For(mentor.Language));
            var content = await CoffeeEmails.ComposeAsync(renderer, new CoffeeEmails.Model(Words.Greeting(mentor), plan.Colleague.Name, true,
                CoffeeEmails.Change.Suggested, CoffeeEmails.When(local, plan.TimeZoneId), plan.Place, plan.DurationMinutes,
                app.Value.Link($"/coffee/plan/{plan.Id}"), CoffeeEmails.ShortWhen(local))
            {
                SuggestedWhen = CoffeeEmails.When(suggested, plan.TimeZoneId), Note = plan.AnswerNote,
            });
            db.Emails.Add(new OutgoingEmail(mentor.Email!, mentor.DisplayName, content.Subject, content.Html, content.Text,
                EmailKind.CoffeeInvite, key, mentor.Id).ToRow(calendar.UtcNow));
        }
    }
}
