using System.Security.Cryptography;
using System.Text;
using Allyship.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Allyship.Web.Features.Pledge;

/// <summary>A mentor's open planned coffees, as This week and a colleague's page show them.</summary>
public sealed class PlannedCoffees(AllyshipDbContext db, ProgramCalendar calendar)
{
    /// <summary>One open plan: when (in its own zone), with whom, where; whether "Log it" applies yet.</summary>
    public sealed record Plan(int Id, int ProgramId, int ColleagueId, string ColleagueName, DateTime StartsLocal, string TimeZoneId, int Minutes, string Place, bool MayLog)
    {
        public string When => Infrastructure.Localisation.Text.Words["{0:ddd d MMM, HH:mm}", StartsLocal];

        /// <summary>The time she suggested instead, from her invitation, until the coffee moves.</summary>
        public DateTime? SuggestedLocal { get; init; }

        /// <summary>Her few words with her answer.</summary>
        public string? Note { get; init; }

        public string? SuggestedWhen => SuggestedLocal is { } s ? Infrastructure.Localisation.Text.Words["{0:ddd d MMM, HH:mm}", s].Value : null;

        /// <summary>The log form's submission id for this plan: a second tap on "Log it" finds the first coffee.</summary>
        public Guid SubmissionId => SubmissionFor(Id);
    }

    /// <summary>How far back an open plan still shows (to be logged or cancelled) before it is let go.</summary>
    public static readonly TimeSpan ShownAfterStart = TimeSpan.FromDays(14);

    public async Task<IReadOnlyList<Plan>> OpenAsync(string mentorId, int programId, int? colleagueId, CancellationToken ct)
    {
        var now = calendar.UtcNow;
        var since = now - ShownAfterStart;
        var rows = await db.PlannedCoffees.AsNoTracking().Where(PlannedCoffee.Open)
            .Where(p => p.MentorId == mentorId && p.ProgramId == programId && p.StartsUtc >= since)
            .Where(p => colleagueId == null || p.ColleagueId == colleagueId)
            .OrderBy(p => p.StartsUtc)
            .Select(p => new { Plan = p, p.Colleague.Name })
            .Take(20)
            .ToListAsync(ct);
        return rows.Select(r => new Plan(r.Plan.Id, r.Plan.ProgramId, r.Plan.ColleagueId, r.Name,
                TimeZoneInfo.ConvertTimeFromUtc(r.Plan.StartsUtc, TimeZones.Find(r.Plan.TimeZoneId)), r.Plan.TimeZoneId, r.Plan.DurationMinutes,
                r.Plan.Place, r.Plan.MayBeLoggedAt(now))
            {
                SuggestedLocal = r.Plan.HasSuggestion ? TimeZoneInfo.ConvertTimeFromUtc(r.Plan.SuggestedStartsUtc!.Value, TimeZones.Find(r.Plan.TimeZoneId)) : null,
                Note = r.Plan.HasSuggestion ? r.Plan.AnswerNote : null,
            })
            .ToList();
    }

    /// <summary>A coffee she said she can't make, from her invitation: shown until he plans another with her, or for <see cref="DeclinedShownFor"/>.</summary>
    public sealed record Declined(int Id, int ProgramId, int ColleagueId, string ColleagueName, DateTime StartsLocal, string? Note)
    {
        public string When => Infrastructure.Localisation.Text.Words["{0:ddd d MMM, HH:mm}", StartsLocal];
    }

    public static readonly TimeSpan DeclinedShownFor = TimeSpan.FromDays(14);

    public async Task<IReadOnlyList<Declined>> DeclinedAsync(string mentorId, int programId, CancellationToken ct)
    {
        var since = calendar.UtcNow - DeclinedShownFor;
        var rows = await db.PlannedCoffees.AsNoTracking()
            .Where(p => p.MentorId == mentorId && p.ProgramId == programId && p.Answer == CoffeeAnswer.CantMakeIt && p.CancelledUtc != null && p.AnsweredUtc >= since)
            .Where(p => !db.PlannedCoffees.Any(o => o.MentorId == p.MentorId && o.ColleagueId == p.ColleagueId && o.Id > p.Id && o.CreatedUtc >= p.AnsweredUtc))
            .OrderByDescending(p => p.AnsweredUtc)
            .Select(p => new { Plan = p, p.Colleague.Name })
            .Take(10)
            .ToListAsync(ct);
        return rows.Select(r => new Declined(r.Plan.Id, r.Plan.ProgramId, r.Plan.ColleagueId, r.Name,
            TimeZoneInfo.ConvertTimeFromUtc(r.Plan.StartsUtc, TimeZones.Find(r.Plan.TimeZoneId)), r.Plan.AnswerNote)).ToList();
    }

    public static Guid SubmissionFor(int planId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"planned-coffee:{planId}")).AsSpan(0, 16));
}
