using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Preferences;

/// <summary>A person's reminder times, time zone, which emails they get, and a holiday pause.</summary>
public static class UpdatePreferences
{
    public sealed class Input
    {
        public string? TimeZoneId { get; set; }
        public bool UseProgramSchedule { get; set; }

        /// <summary>Her own times as posted (the program's, as the page showed them, while she uses those).</summary>
        public ReminderScheduleInput Reminders { get; set; } = new(); // named ReminderScheduleInput.Name

        public bool ReceiveReminders { get; set; } = true;

        /// <summary>Where reminders go: email, a Slack message, or both (Slack only once her Slack account is connected).</summary>
        public ReminderChannel ReminderChannel { get; set; } = ReminderChannel.Email;

        /// <summary>With notifications on in a browser: reminders as notifications only, not by email too.</summary>
        public bool NotificationsInsteadOfEmail { get; set; }

        public bool ReceiveWeeklySummary { get; set; } = true;
        public bool ReceiveAdminDigest { get; set; } = true;

        /// <summary>What emails greet her by; empty for the first word of her name (stored on the account).</summary>
        public string? PreferredName { get; set; }

        /// <summary>The language she reads the app in: one of Infrastructure.Localisation.Cultures.Offered (stored on the account).</summary>
        public string? Language { get; set; }

        public static Input From(MentorPreferences p) => new()
        {
            TimeZoneId = p.TimeZoneId, UseProgramSchedule = p.UseProgramSchedule, Reminders = ReminderScheduleInput.From(p.Reminders), ReceiveReminders = p.ReceiveReminders,
            ReminderChannel = p.ReminderChannel, NotificationsInsteadOfEmail = p.NotificationsInsteadOfEmail, ReceiveWeeklySummary = p.ReceiveWeeklySummary, ReceiveAdminDigest = p.ReceiveAdminDigest,
        };
    }

    public static List<FieldError> Validate(Input input, Infrastructure.Localisation.OfferedLanguages? languages = null)
    {
        languages ??= new(Infrastructure.Localisation.Cultures.Configured(null));
        var errors = new List<FieldError>();
        if (!string.IsNullOrWhiteSpace(input.TimeZoneId) && !TimeZones.TryFind(input.TimeZoneId, out _))
        {
            errors.Add(new(nameof(input.TimeZoneId), "Choose a time zone from the list."));
        }

        if (input.PreferredName?.Trim() is { Length: > AppUser.PreferredNameMaxLength })
        {
            errors.Add(new(nameof(input.PreferredName), $"Keep the name emails call you under {AppUser.PreferredNameMaxLength} characters."));
        }

        if (!string.IsNullOrEmpty(input.Language) && !languages.Contains(input.Language))
        {
            errors.Add(new(nameof(input.Language), "Choose a language from the list."));
        }

        errors.AddRange(input.Reminders.Check());
        return errors;
    }

    /// <summary>What the Settings page shows: the saved (or program's) times, the mentor's programs, and a pause under way.</summary>
    public sealed record View(Input Input, IReadOnlyList<ProgramChoice> Programs, DateOnly? PausedUntil, string DisplayName)
    {
        /// <summary>The Slack app is installed in the company's workspace: reminders may go there.</summary>
        public bool SlackInstalled { get; init; }

        /// <summary>Her Slack account is connected (she used /pledge once and opened its link).</summary>
        public bool SlackConnected => Connected.Contains(ChatApp.Slack);

        /// <summary>The chat apps the company set up (Slack installed, the Teams command), and those of hers that are connected.</summary>
        public IReadOnlyList<ChatApp> Installed { get; init; } = [];

        public IReadOnlyList<ChatApp> Connected { get; init; } = [];
    }

    public sealed class Handler(AllyshipDbContext db, ProgramCalendar calendar, MentorPrograms programs, Infrastructure.Localisation.OfferedLanguages languages)
    {
        public async Task<View> LoadAsync(string userId, CancellationToken ct)
        {
            var prefs = await db.MentorPreferences.AsNoTracking().SingleOrDefaultAsync(p => p.UserId == userId, ct) ?? new MentorPreferences { UserId = userId };
            var input = Input.From(prefs);
            var mine = await programs.ListAsync(userId, ct);
            if (mine.Count > 0)
            {
                // Show the times that actually apply: the program's, until the mentor chooses their own.
                var program = await db.Programs.AsNoTracking().Where(x => x.Id == mine[0].Id).Select(x => x.Reminders).SingleAsync(ct);
                input.Reminders = ReminderScheduleInput.From(prefs.ScheduleWith(program));
            }

            var names = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.PreferredName, u.DisplayName, u.Language }).SingleAsync(ct);
            input.PreferredName = names.PreferredName;
            // Until she chooses, the language she is reading now (her browser's, else English).
            input.Language = names.Language ?? System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName switch
            {
                var l when languages.Contains(l) => l,
                _ => Infrastructure.Localisation.Cultures.English,
            };
            var pausedUntil = mine.Select(p => p.Enrolment.PauseOn(calendar.Today(p.TimeZoneId))?.EndsOn).Max();
            var installed = await db.ChatAppInstallations.AsNoTracking().Select(i => i.App).Distinct().ToListAsync(ct);
            return new View(input, mine, pausedUntil, names.DisplayName)
            {
                SlackInstalled = installed.Contains(ChatApp.Slack),
                Installed = installed,
                Connected = await db.ChatAccounts.AsNoTracking().Where(a => a.UserId == userId).Select(a => a.App).ToListAsync(ct),
            };
        }

        public async Task<List<FieldError>> SaveAsync(string userId, Input input, CancellationToken ct)
        {
            var errors = Validate(input, languages);
            var mine = errors.Count == 0 ? await programs.ListAsync(userId, ct) : new List<ProgramChoice>();
            if (errors.Count == 0 && input.UseProgramSchedule && mine.Count > 0)
            {
                // The page shows the program's times while she uses them: times posted that differ were changed by her,
                // and a change is never dropped in silence. Editing them chooses her own (the page then says so).
                var program = await db.Programs.AsNoTracking().Where(x => x.Id == mine[0].Id).Select(x => x.Reminders).SingleAsync(ct);
                if (input.Reminders.ToSchedule(program) != program)
                {
                    input.UseProgramSchedule = false;
                }
            }

            if (errors.Count == 0 && !input.UseProgramSchedule)
            {
                errors.AddRange(OutsideTheWeek(input, mine));
            }

            if (errors.Count > 0)
            {
                return errors;
            }

            var prefs = await db.MentorPreferences.SingleOrDefaultAsync(p => p.UserId == userId, ct);
            if (prefs is null)
            {
                prefs = new MentorPreferences { UserId = userId };
                db.MentorPreferences.Add(prefs);
            }

            prefs.TimeZoneId = string.IsNullOrWhiteSpace(input.TimeZoneId) ? null : input.TimeZoneId.Trim();
            prefs.UseProgramSchedule = input.UseProgramSchedule;
            prefs.Reminders = input.Reminders.ToSchedule(prefs.Reminders);
            prefs.ReceiveReminders = input.ReceiveReminders;
            prefs.ReminderChannel = Enum.IsDefined(input.ReminderChannel) ? input.ReminderChannel : ReminderChannel.Email;
            prefs.NotificationsInsteadOfEmail = input.NotificationsInsteadOfEmail;
            prefs.ReceiveWeeklySummary = input.ReceiveWeeklySummary;
            prefs.ReceiveAdminDigest = input.ReceiveAdminDigest;
            var user = await db.Users.SingleAsync(u => u.Id == userId, ct);
            user.PreferredName = string.IsNullOrWhiteSpace(input.PreferredName) ? null : input.PreferredName.Trim();
            user.Language = string.IsNullOrEmpty(input.Language) ? user.Language : input.Language;
            await db.SaveChangesAsync(ct); // one commit: the settings and the name together
            return [];
        }

        /// <summary>
        /// A mentor far from a program can choose a local time that falls outside that program's pledge week (Sunday
        /// evening in Los Angeles is already Monday in London): say so, naming the program and its zone.
        /// </summary>
        private List<FieldError> OutsideTheWeek(Input input, IReadOnlyList<ProgramChoice> mine)
        {
            var errors = new List<FieldError>();
            var schedule = input.Reminders.ToSchedule(ReminderSchedule.Default);
            foreach (var program in mine)
            {
                var programZone = TimeZones.Find(program.TimeZoneId);
                var mentorZone = TimeZones.TryFind(input.TimeZoneId, out var own) ? own : programZone;
                var week = calendar.CurrentWeek(programZone);
                foreach (var (kind, day, time) in schedule.Moments())
                {
                    var (field, label) = kind == EmailKind.LastCall
                        ? (ReminderScheduleInput.FieldOf(nameof(ReminderScheduleInput.LastCallTime)), "last call")
                        : (ReminderScheduleInput.FieldOf(nameof(ReminderScheduleInput.ReminderTime)), "mid-week reminder");
                    if (errors.Any(e => e.Field == field) || ReminderTimes.FallsWithin(week, programZone, day, time, mentorZone))
                    {
                        continue;
                    }

                    errors.Add(new(field, $"Your {label} ({day} {time:HH\\:mm} in {mentorZone.Id}) falls outside the pledge week of " +
                        $"{program.Name}, which runs Monday to Sunday in {programZone.Id}. Choose a time inside that week."));
                }
            }

            return errors;
        }

        /// <summary>Pauses every current enrolment from today (in each program's zone) to the given day: all of them, or none.</summary>
        public async Task<List<FieldError>> PauseAsync(string userId, DateOnly? until, CancellationToken ct)
        {
            if (until is not { } last)
            {
                return [new("PauseUntil", "Enter the last day of your break.")];
            }

            var enrolments = await db.Enrolments.Include(e => e.Program).Include(e => e.Pauses)
                .Where(Enrolment.InProgram).Where(e => e.MentorId == userId).ToListAsync(ct);
            foreach (var e in enrolments)
            {
                var today = calendar.Today(e.Program);
                if (last < today)
                {
                    return [new("PauseUntil", "The last day of your break can't be in the past.")];
                }

                if (last > today.AddDays(Enrolment.MaxSelfPauseDays))
                {
                    return [new("PauseUntil", "A break can last at most a year. For longer, ask your program admin to pause you.")];
                }
            }

            foreach (var e in enrolments)
            {
                e.Pause(calendar.Today(e.Program), last);
            }

            await db.SaveChangesAsync(ct);
            return [];
        }

        /// <summary>Ends a pause today: from now on reminders come again and the streak counts.</summary>
        public async Task ResumeAsync(string userId, CancellationToken ct)
        {
            var enrolments = await db.Enrolments.Include(e => e.Program).Include(e => e.Pauses)
                .Where(Enrolment.InProgram).Where(e => e.MentorId == userId).ToListAsync(ct);
            foreach (var e in enrolments)
            {
                e.Resume(calendar.Today(e.Program));
            }

            await db.SaveChangesAsync(ct);
        }
    }
}
