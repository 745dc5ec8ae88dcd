using System.ComponentModel.DataAnnotations;
using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure;
using Allyship.Web.Infrastructure.Database;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Localisation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Allyship.Web.Features.Coffee;

/// <summary>
/// A mentor plans a coffee (or moves or cancels it): the plan and a calendar invitation to her and to the colleague, in one
/// commit. Moving keeps the event's UID and raises its SEQUENCE, so calendars update the same event; cancelling sends
/// METHOD:CANCEL. A colleague who stopped emails or asked not to be named gets no invitation.
/// </summary>
public static partial class PlanCoffee
{
    public sealed class Input
    {
        [Display(Name = "program")]
        public int ProgramId { get; set; }

        [Display(Name = "colleague")]
        public int? ColleagueId { get; set; }

        [Display(Name = "date")]
        public DateOnly? Date { get; set; }

        [Display(Name = "time")]
        public TimeOnly? Time { get; set; }

        [Display(Name = "place")]
        public string? Place { get; set; }

        [Display(Name = "minutes")]
        public int? Minutes { get; set; } = PlannedCoffee.DefaultMinutes;

        /// <summary>Set by the form when it is shown: a second send of the same form finds the plan the first made.</summary>
        public Guid? SubmissionId { get; set; }

        /// <summary>The mentor confirmed a time outside office hours (<see cref="OfficeHours"/>), after being asked.</summary>
        public bool OutsideHoursConfirmed { get; set; }
    }

    public sealed record Result(int? PlanId, IReadOnlyList<FieldError> Errors, string? ColleagueName = null, bool ColleagueInvited = false)
    {
        public bool Succeeded => PlanId is not null;
    }

    /// <summary>What a planned coffee must hold: a colleague, a date and time still ahead, a place, a sensible length.</summary>
    public static List<FieldError> Validate(Input input, DateTime startsUtc, DateTime nowUtc, TimeZoneInfo zone, OfficeHours? hours = null)
    {
        var errors = new List<FieldError>();
        if (input.ColleagueId is null)
        {
            errors.Add(new(nameof(Input.ColleagueId), Text.Words["Choose the colleague you are meeting."]));
        }

        if (input.Date is null)
        {
            errors.Add(new(nameof(Input.Date), Text.Words["Choose the day of the coffee."]));
        }

        if (input.Time is null)
        {
            errors.Add(new(nameof(Input.Time), Text.Words["Choose the time it starts."]));
        }
        else if (input.Date is { } date && zone.IsInvalidTime(date.ToDateTime(input.Time.Value)))
        {
            errors.Add(new(nameof(Input.Time), Text.Words["That time doesn't exist on that day: the clocks go forward. Choose another time."]));
        }
        else if (input.Date is not null && startsUtc <= nowUtc)
        {
            errors.Add(new(nameof(Input.Date), Text.Words["That time has passed: plan a coffee that's still ahead, or log the one you had."]));
        }

        var place = input.Place?.Trim();
        if (string.IsNullOrEmpty(place))
        {
            errors.Add(new(nameof(Input.Place), Text.Words["Say where you'll meet: a café, a meeting room, or a video link."]));
        }
        else if (place.Length > PlannedCoffee.PlaceMaxLength)
        {
            errors.Add(new(nameof(Input.Place), Text.Words["Keep the place under {0} characters.", PlannedCoffee.PlaceMaxLength]));
        }

        if (input.Minutes is not { } minutes || minutes < PlannedCoffee.MinMinutes || minutes > PlannedCoffee.MaxMinutes)
        {
            errors.Add(new(nameof(Input.Minutes), Text.Words["Plan between {0} and {1} minutes; 30 is the pledge.", PlannedCoffee.MinMinutes, PlannedCoffee.MaxMinutes]));
        }
        else if (errors.Count == 0 && !input.OutsideHoursConfirmed && !(hours ?? OfficeHours.Default).Contains(input.Date!.Value, input.Time!.Value, minutes))
        {
            errors.Add(new(nameof(Input.OutsideHoursConfirmed), (hours ?? OfficeHours.Default).Question(input.Date.Value)));
        }

        return errors;
    }

    public sealed partial class Handler(AllyshipDbContext db, ProgramCalendar calendar, EmailRenderer renderer, IOptions<AppOptions> app, Shared.VoiceLinks links,
        Infrastructure.Localisation.OfferedLanguages languages)
    {
        /// <summary>The mentor's plan with this id (open or not), with its colleague; null for anyone else's.</summary>
        public Task<PlannedCoffee?> FindAsync(string mentorId, int id, CancellationToken ct) =>
            db.PlannedCoffees.AsNoTracking().Include(p => p.Colleague).Include(p => p.Program)
                .SingleOrDefaultAsync(p => p.Id == id && p.MentorId == mentorId, ct);

        private static FieldError NoLongerPlanned => new("", Text.Words["That coffee is no longer planned: it was cancelled or logged."]);

        private static FieldError ChangedMeanwhile =>
            new("", Text.Words["That coffee changed a moment ago (moved or cancelled in another window): here it is as it stands now."]);

        public async Task<Result> SaveAsync(string mentorId, int? id, Input input, CancellationToken ct)
        {
            PlannedCoffee? plan = null;
            if (id is { } existing)
            {
                plan = await db.PlannedCoffees.Include(p => p.Colleague).SingleOrDefaultAsync(p => p.Id == existing && p.MentorId == mentorId, ct);
                if (plan is not { IsOpen: true })
                {
                    return new Result(null, [NoLongerPlanned]);
                }

                input.ProgramId = plan.ProgramId;
                input.ColleagueId = plan.ColleagueId; // moving a coffee keeps who it is with
            }

            var program = await db.Enrolments.AsNoTracking()
                .Where(Enrolment.InProgram).Where(e => e.MentorId == mentorId && e.ProgramId == input.ProgramId)
                .Select(e => e.Program).SingleOrDefaultAsync(ct);
            if (program is null)
            {
                return new Result(null, [new FieldError(nameof(Input.ProgramId), Text.Words["You are not enrolled in that program. Choose one of your programs."])]);
            }

            var zone = TimeZones.Find(program.TimeZoneId);
            // A time the clocks skip is refused by Validate with a sentence; the instant is still computed the one way.
            var startsUtc = input.Date is { } d && input.Time is { } t ? LocalTime.ToUtc(d, t, zone) : DateTime.MinValue;
            var errors = Validate(input, startsUtc, calendar.UtcNow, zone, OfficeHours.Of(program));
            var colleague = plan?.Colleague ?? (input.ColleagueId is { } cid
                ? await db.Colleagues.Where(Colleague.Pickable).SingleOrDefaultAsync(c => c.Id == cid, ct)
                : null);
            if (input.ColleagueId is not null && colleague is null)
            {
                errors.Add(new(nameof(Input.ColleagueId), Text.Words["Choose a colleague from the list."]));
            }

            if (errors.Count > 0)
            {
                return new Result(null, errors);
            }

            var mentor = await db.Users.AsNoTracking().SingleAsync(u => u.Id == mentorId, ct);
            var now = calendar.UtcNow;
            var place = input.Place!.Trim();
            if (plan is not null && plan.StartsUtc == startsUtc && plan.Place == place && plan.DurationMinutes == input.Minutes)
            {
                return new Result(plan.Id, [], colleague!.Name, ColleagueInvited: false); // nothing moved: nothing to send
            }

            var moving = plan;
            try
            {
                links.EnsureKey(); // the signing key exists before the transaction (VoiceTokens.EnsureKey)
                return await db.InTransactionAsync(async () =>
                {
                    var saving = moving;
                    if (saving is null)
                    {
                        // The same form sent again (a double tap, a retry after a timeout) finds the first send's plan,
                        // read inside the transaction: one plan, one pair of invitations.
                        if (input.SubmissionId is { } submission
                            && await db.PlannedCoffees.AsNoTracking().Where(p => p.MentorId == mentorId && p.SubmissionId == submission)
                                .Select(p => (int?)p.Id).FirstOrDefaultAsync(ct) is { } earlier)
                        {
                            return new Result(earlier, [], colleague!.Name, await InvitedAsync(earlier, ct));
                        }

                        saving = new PlannedCoffee
                        {
                            ProgramId = program.Id, MentorId = mentorId, ColleagueId = colleague!.Id, TimeZoneId = program.TimeZoneId,
                            Uid = $"{Guid.NewGuid():N}@allyship", SubmissionId = input.SubmissionId,
                        };
                        db.PlannedCoffees.Add(saving);
                    }
                    else
                    {
                        saving.Sequence++;
                        // Moved: her suggestion, if she made one, is answered (the update goes to her calendar).
                        (saving.Answer, saving.AnsweredUtc, saving.SuggestedStartsUtc, saving.AnswerNote) = (null, null, null, null);
                    }

                    saving.StartsUtc = startsUtc;
                    saving.Place = place;
                    saving.DurationMinutes = input.Minutes!.Value;
                    await db.SaveChangesAsync(ct);
                    var invited = await QueueInvitationsAsync(saving, program.Name, mentor, colleague!, cancelled: false, now, ct);
                    await db.SaveChangesAsync(ct);
                    return new Result(saving.Id, [], colleague!.Name, invited);
                }, ct, retryWhenBeatenTo: moving is null);
            }
            catch (DbUpdateConcurrencyException)
            {
                return new Result(null, [ChangedMeanwhile]); // another move or cancel of this plan committed first
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        /// <summary>Whether the colleague got the plan's first invitation (she may have turned emails off).</summary>
        private Task<bool> InvitedAsync(int planId, CancellationToken ct)
        {
            var key = PlannedCoffee.InvitationKey(planId, 0, "colleague");
            return db.Emails.AnyAsync(e => e.DeduplicationKey == key, ct);
        }

        /// <summary>Withdraws an open plan: METHOD:CANCEL to both calendars. False when there is nothing open to cancel.</summary>
        public async Task<bool> CancelAsync(string mentorId, int id, CancellationToken ct)
        {
            var plan = await db.PlannedCoffees.Include(p => p.Colleague).Include(p => p.Program)
                .SingleOrDefaultAsync(p => p.Id == id && p.MentorId == mentorId, ct);
            if (plan is not { IsOpen: true })
            {
                return false;
            }

            var mentor = await db.Users.AsNoTracking().SingleAsync(u => u.Id == mentorId, ct);
            var now = calendar.UtcNow;
            try
            {
                links.EnsureKey(); // the signing key exists before the transaction (VoiceTokens.EnsureKey)
                return await db.InTransactionAsync(async () =>
                {
                    plan.CancelledUtc = now;
                    plan.Sequence++;
                    await db.SaveChangesAsync(ct); // the concurrency check first: a plan moved or cancelled meanwhile stops here
                    await QueueInvitationsAsync(plan, plan.Program.Name, mentor, plan.Colleague, cancelled: true, now, ct);
                    await db.SaveChangesAsync(ct);
                    return true;
                }, ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                return false; // cancelled or moved by another request first: the page shows it as it is now
            }
            finally
            {
                db.ChangeTracker.Clear();
            }
        }

        /// <summary>The invitation to the mentor (the organiser's own copy) and to the colleague, unless she opted out.</summary>
        /// <remarks>With <paramref name="declined"/>, she withdrew it herself ("can't make it"): both get the cancellation, worded so.</remarks>
        private async Task<bool> QueueInvitationsAsync(PlannedCoffee plan, string programName, AppUser mentor, Colleague colleague, bool cancelled,
            DateTime now, CancellationToken ct, bool declined = false)
        {
            var zone = TimeZones.Find(plan.TimeZoneId);
            var local = TimeZoneInfo.ConvertTimeFromUtc(plan.StartsUtc, zone);
            var change = declined ? CoffeeEmails.Change.Declined
                : cancelled ? CoffeeEmails.Change.Cancelled : plan.Sequence == 0 ? CoffeeEmails.Change.New : CoffeeEmails.Change.Moved;
            var mentorName = string.IsNullOrWhiteSpace(mentor.DisplayName) ? mentor.Email! : mentor.DisplayName;

            // Each copy in its reader's language, the invitation's words too: the same event (UID and sequence) either way.
            string Invitation() => CalendarInvite.Write(new CalendarInvite.Meeting(plan.Uid, plan.Sequence, local, plan.TimeZoneId, plan.DurationMinutes,
                Text.Words["Coffee: {0} and {1}", mentorName, colleague.Name], plan.Place,
                Text.Words["{0} minutes about {1}'s career, as part of {2}'s allyship pledge.", plan.DurationMinutes, Words.FirstName(colleague.Name), programName],
                new CalendarInvite.Person(mentorName, mentor.Email!), new CalendarInvite.Person(colleague.Name, colleague.Email), now), cancelled || declined);

            using (Cultures.Use(languages.For(mentor.Language)))
            {
                var mentorLink = declined ? app.Value.Link($"/coffee/plan?program={plan.ProgramId}&colleague={colleague.Id}") : app.Value.Link($"/coffee/plan/{plan.Id}");
                var mentorContent = await CoffeeEmails.ComposeAsync(renderer, new CoffeeEmails.Model(Words.Greeting(mentor), colleague.Name, true, change,
                    CoffeeEmails.When(local, plan.TimeZoneId), plan.Place, plan.DurationMinutes, mentorLink, CoffeeEmails.ShortWhen(local)) { Note = declined ? plan.AnswerNote : null });
                db.Emails.Add(new OutgoingEmail(mentor.Email!, mentor.DisplayName, mentorContent.Subject, mentorContent.Html, mentorContent.Text,
                    EmailKind.CoffeeInvite, PlannedCoffee.InvitationKey(plan.Id, plan.Sequence, "mentor"), mentor.Id, Calendar: Invitation()).ToRow(now));
            }

            var reachable = await db.Colleagues.Where(Colleague.Emailable.And(Colleague.Nameable)).AnyAsync(c => c.Id == colleague.Id, ct);
            if (!reachable)
            {
                return false;
            }

            // Like every email to her: her choices, and a private word with the program team.
            // And, while the coffee stands, her way to say "can't make it" or suggest another time without signing in.
            var token = links.NewToken(Shared.VoicePurpose.CoffeeInvite, colleague.Id, DateOnly.FromDateTime(local));
            using var inHerLanguage = Cultures.Use(languages.For(colleague.Language));
            var colleagueContent = await CoffeeEmails.ComposeAsync(renderer, new CoffeeEmails.Model(Words.FirstName(colleague.Name), mentorName, false, change,
                CoffeeEmails.When(local, plan.TimeZoneId), plan.Place, plan.DurationMinutes, null, CoffeeEmails.ShortWhen(local), links.Footer(token))
                { AnswerLink = cancelled || declined ? null : links.CoffeeAnswer(token) });
            db.Emails.Add(new OutgoingEmail(colleague.Email, colleague.Name, colleagueContent.Subject, colleagueContent.Html, colleagueContent.Text,
                EmailKind.CoffeeInvite, PlannedCoffee.InvitationKey(plan.Id, plan.Sequence, "colleague"), Calendar: Invitation()).ToRow(now));
            return true;
        }
    }
}
