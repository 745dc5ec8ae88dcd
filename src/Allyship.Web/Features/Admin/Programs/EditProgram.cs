using Allyship.Web.Data;
using Allyship.Web.Features.People;
using Allyship.Web.Features.Pledge;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Admin.Programs;

/// <summary>Create or edit a program: name, zone, dates, weekly targets, default reminder times.</summary>
public static class EditProgram
{
    public sealed class Input
    {
        public string? Name { get; set; }
        public string? Description { get; set; }
        public string? TimeZoneId { get; set; } = "Europe/London";
        public DateOnly? StartDate { get; set; }
        public DateOnly? EndDate { get; set; }
        public int Coffees { get; set; } = 1;
        public int ShoutOuts { get; set; } = 1;
        public int SponsorNotes { get; set; } = 1;
        public int CoffeeMinutes { get; set; } = 30;
        public int ShoutOutMinutes { get; set; } = 5;
        public int SponsorNoteMinutes { get; set; } = 1;

        /// <summary>The default reminder times of its mentors.</summary>
        public ReminderScheduleInput Reminders { get; set; } = new(); // named ReminderScheduleInput.Name

        public int? LapsedAfterWeeks { get; set; } = PledgeProgram.DefaultLapsedAfterWeeks;

        /// <summary>The days coffee invitations go out on (ticked boxes); Monday to Friday by default.</summary>
        public List<DayOfWeek> WorkingDays { get; set; } = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

        public TimeOnly? OfficeOpens { get; set; } = new(9, 0);
        public TimeOnly? OfficeCloses { get; set; } = new(17, 0);

        public bool AskColleaguesToConfirm { get; set; }
        public bool AskPulse { get; set; }
        public string? TargetLevels { get; set; }
        public bool SuggestColleagues { get; set; }

        /// <summary>A new webhook URL; empty keeps the saved one (which is never sent back to the browser).</summary>
        public string? ChatWebhookUrl { get; set; }

        public ChatService? ChatService { get; set; }
        public string? ChatChannel { get; set; }
        public bool RemoveChatWebhook { get; set; }

        /// <summary>The saved webhook, masked, for the page to show; never bound from a post.</summary>
        public string? SavedChatWebhook { get; private set; }

        public Input WithSaved(string? saved)
        {
            SavedChatWebhook = saved;
            return this;
        }

        public static Input From(PledgeProgram p, Chat.ChatWebhooks webhooks) => new()
        {
            Name = p.Name, Description = p.Description, TimeZoneId = p.TimeZoneId, StartDate = p.StartDate, EndDate = p.EndDate,
            Coffees = p.Targets.Coffees, ShoutOuts = p.Targets.ShoutOuts, SponsorNotes = p.Targets.SponsorNotes,
            CoffeeMinutes = p.Targets.CoffeeMinutes, ShoutOutMinutes = p.Targets.ShoutOutMinutes, SponsorNoteMinutes = p.Targets.SponsorNoteMinutes,
            Reminders = ReminderScheduleInput.From(p.Reminders), LapsedAfterWeeks = p.LapsedAfterWeeks, AskColleaguesToConfirm = p.AskColleaguesToConfirm, AskPulse = p.AskPulse,
            TargetLevels = p.TargetLevels, SuggestColleagues = p.SuggestColleagues,
            WorkingDays = Pledge.OfficeHours.DaysOf(p.WorkingDays), OfficeOpens = p.OfficeOpens, OfficeCloses = p.OfficeCloses,
            ChatService = p.ChatService, ChatChannel = p.ChatChannel, SavedChatWebhook = p.ChatWebhook is null ? null : webhooks.Masked(p.ChatWebhook),
        };
    }

    public static List<FieldError> Validate(Input input, Chat.ChatWebhooks webhooks)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(input.Name))
        {
            errors.Add(new(nameof(input.Name), "Enter the program's name."));
        }
        else if (input.Name.Trim().Length > PledgeProgram.NameMaxLength)
        {
            errors.Add(new(nameof(input.Name), Infrastructure.Localisation.Text.Words["The name can be at most {0} characters.", PledgeProgram.NameMaxLength].Value));
        }

        if (input.TargetLevels?.Trim() is { Length: > PledgeProgram.TargetLevelsMaxLength })
        {
            errors.Add(new(nameof(input.TargetLevels), Infrastructure.Localisation.Text.Words["The target levels can be at most {0} characters.", PledgeProgram.TargetLevelsMaxLength].Value));
        }

        if (input.Description is { Length: > PledgeProgram.DescriptionMaxLength })
        {
            errors.Add(new(nameof(input.Description), Infrastructure.Localisation.Text.Words["The description can be at most {0:N0} characters.", PledgeProgram.DescriptionMaxLength].Value));
        }

        if (!TimeZones.TryFind(input.TimeZoneId?.Trim(), out _))
        {
            errors.Add(new(nameof(input.TimeZoneId), "Choose a time zone from the list, like Europe/London or America/New_York."));
        }

        if (input.StartDate is null)
        {
            errors.Add(new(nameof(input.StartDate), "Enter the date the program starts."));
        }
        else if (input.EndDate is { } end && end < input.StartDate)
        {
            errors.Add(new(nameof(input.EndDate), "The end date can't be before the start date."));
        }

        foreach (var (field, message, value) in new[] { (nameof(input.Coffees), "The weekly number of coffees must be between 0 and 14.", input.Coffees), (nameof(input.ShoutOuts), "The weekly number of shout-outs must be between 0 and 14.", input.ShoutOuts), (nameof(input.SponsorNotes), "The weekly number of sponsor notes must be between 0 and 14.", input.SponsorNotes) })
        {
            if (value is < 0 or > 14)
            {
                errors.Add(new(field, message));
            }
        }

        if (input.Coffees + input.ShoutOuts + input.SponsorNotes == 0)
        {
            errors.Add(new(nameof(input.Coffees), "Set at least one weekly target above zero."));
        }

        foreach (var (field, value) in new[] { (nameof(input.CoffeeMinutes), input.CoffeeMinutes), (nameof(input.ShoutOutMinutes), input.ShoutOutMinutes), (nameof(input.SponsorNoteMinutes), input.SponsorNoteMinutes) })
        {
            if (value is < PledgeAction.MinMinutes or > PledgeAction.MaxMinutes)
            {
                errors.Add(new(field, Infrastructure.Localisation.Text.Words["Minutes must be between {0} and {1}.", PledgeAction.MinMinutes, PledgeAction.MaxMinutes].Value));
            }
        }

        if (input.LapsedAfterWeeks is not (>= PledgeProgram.MinLapsedAfterWeeks and <= PledgeProgram.MaxLapsedAfterWeeks))
        {
            errors.Add(new(nameof(input.LapsedAfterWeeks),
                Infrastructure.Localisation.Text.Words["Enter a number of weeks from {0} to {1}: after that many quiet weeks in a row a mentor counts as lapsed.", PledgeProgram.MinLapsedAfterWeeks, PledgeProgram.MaxLapsedAfterWeeks].Value));
        }

        if (input.WorkingDays.Count == 0)
        {
            errors.Add(new(nameof(input.WorkingDays), "Tick at least one working day: coffee invitations are proposed on them."));
        }

        if (input.OfficeOpens is not { } opens || input.OfficeCloses is not { } closes)
        {
            errors.Add(new(nameof(input.OfficeOpens), "Give the time office hours start and end, like 09:00 and 17:00."));
        }
        else if (closes.ToTimeSpan() - opens.ToTimeSpan() < TimeSpan.FromMinutes(30))
        {
            errors.Add(new(nameof(input.OfficeOpens), "Office hours must end at least 30 minutes after they start: a coffee has to fit."));
        }

        errors.AddRange(input.Reminders.Check());
        if (!input.RemoveChatWebhook && !string.IsNullOrWhiteSpace(input.ChatWebhookUrl))
        {
            if (webhooks.Check(input.ChatWebhookUrl) is { } webhookError)
            {
                errors.Add(new(nameof(input.ChatWebhookUrl), webhookError));
            }

            if (input.ChatService is null)
            {
                errors.Add(new(nameof(input.ChatService), "Choose Slack or Microsoft Teams: they expect different messages."));
            }
        }

        if (input.ChatChannel?.Trim() is { Length: > PledgeProgram.ChatChannelMaxLength })
        {
            errors.Add(new(nameof(input.ChatChannel), Infrastructure.Localisation.Text.Words["The channel's name can be at most {0} characters.", PledgeProgram.ChatChannelMaxLength].Value));
        }

        return errors;
    }

    public sealed class Handler(AllyshipDbContext db, AuditLog audit, Chat.ChatWebhooks webhooks)
    {
        public Task<PledgeProgram?> LoadAsync(int id, CancellationToken ct) => db.Programs.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, ct);

        public async Task<(int? Id, List<FieldError> Errors)> SaveAsync(System.Security.Claims.ClaimsPrincipal actor, int? id, Input input, CancellationToken ct)
        {
            var errors = Validate(input, webhooks);
            if (errors.Count > 0)
            {
                return (null, errors);
            }

            PledgeProgram? program;
            if (id is { } existing)
            {
                program = await db.Programs.SingleOrDefaultAsync(p => p.Id == existing, ct);
                if (program is null)
                {
                    return (null, [new("", "That program no longer exists.")]);
                }
            }
            else
            {
                program = new PledgeProgram();
                db.Programs.Add(program);
            }

            program.Name = input.Name!.Trim();
            program.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
            program.TimeZoneId = input.TimeZoneId!.Trim();
            program.StartDate = input.StartDate!.Value;
            program.EndDate = input.EndDate;
            program.Targets = new WeeklyTargets
            {
                Coffees = input.Coffees, ShoutOuts = input.ShoutOuts, SponsorNotes = input.SponsorNotes,
                CoffeeMinutes = input.CoffeeMinutes, ShoutOutMinutes = input.ShoutOutMinutes, SponsorNoteMinutes = input.SponsorNoteMinutes,
            };
            program.Reminders = input.Reminders.ToSchedule(program.Reminders);
            program.LapsedAfterWeeks = input.LapsedAfterWeeks!.Value;
            program.WorkingDays = Pledge.OfficeHours.MaskOf(input.WorkingDays);
            (program.OfficeOpens, program.OfficeCloses) = (input.OfficeOpens!.Value, input.OfficeCloses!.Value);
            program.AskColleaguesToConfirm = input.AskColleaguesToConfirm;
            program.AskPulse = input.AskPulse;
            program.SuggestColleagues = input.SuggestColleagues;
            program.TargetLevels = string.IsNullOrWhiteSpace(input.TargetLevels) ? null : string.Join(", ", new PledgeProgram { TargetLevels = input.TargetLevels }.TargetLevelList);
            var chatChange = ApplyChat(program, input);
            audit.Record(actor, id is null ? "program.create" : "program.edit", $"Program \"{program.Name}\"",
                $"zone {program.TimeZoneId}; {program.StartDate:yyyy-MM-dd} to {(program.EndDate?.ToString("yyyy-MM-dd") ?? "open")}; targets {program.Targets.Coffees}/{program.Targets.ShoutOuts}/{program.Targets.SponsorNotes} = {program.Targets.TotalMinutes} min; confirmations {(program.AskColleaguesToConfirm ? "on" : "off")}; pulse {(program.AskPulse ? "on" : "off")}; lapsed after {program.LapsedAfterWeeks} weeks; office hours {Pledge.OfficeHours.Of(program).DaysInWords()} {program.OfficeOpens:HH:mm}-{program.OfficeCloses:HH:mm}{chatChange}");
            await db.SaveChangesAsync(ct);
            return (program.Id, []);
        }

        /// <summary>The chat settings: a new URL replaces (encrypted), none keeps, "remove" clears. Returns what the audit says.</summary>
        private string ApplyChat(PledgeProgram program, Input input)
        {
            program.ChatChannel = string.IsNullOrWhiteSpace(input.ChatChannel) ? null : input.ChatChannel.Trim();
            if (input.RemoveChatWebhook)
            {
                var had = program.ChatWebhook is not null;
                (program.ChatWebhook, program.ChatService) = (null, null);
                return had ? "; chat webhook removed" : "";
            }

            program.ChatService = input.ChatService ?? program.ChatService;
            if (!string.IsNullOrWhiteSpace(input.ChatWebhookUrl))
            {
                program.ChatWebhook = webhooks.Protect(input.ChatWebhookUrl.Trim());
                return $"; chat webhook set ({program.ChatService})"; // never the URL itself: it is a secret
            }

            return "";
        }

        public async Task<bool> SetArchivedAsync(System.Security.Claims.ClaimsPrincipal actor, int id, bool archived, DateTime nowUtc, CancellationToken ct)
        {
            var program = await db.Programs.SingleOrDefaultAsync(p => p.Id == id, ct);
            if (program is null)
            {
                return false;
            }

            program.ArchivedUtc = archived ? nowUtc : null;
            audit.Record(actor, archived ? "program.archive" : "program.restore", $"Program \"{program.Name}\"");
            await db.SaveChangesAsync(ct);
            return true;
        }
    }
}
