using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Localisation;

namespace Allyship.Web.Features.Rollups;

/// <summary>The weekly summary (to each mentor) and the digest (to each program admin).</summary>
public static class RollupEmails
{
    public sealed record SummaryModel(string Name, string ProgramName, PledgeWeek Week, WeeklyRollup Rollup, int TargetMinutes,
        IReadOnlyList<string> Colleagues, string WeekLink, string UnsubscribeLink)
    {
        public string Counts => Words.List([ActionKind.Coffee.Counted(Rollup.Coffees), ActionKind.ShoutOut.Counted(Rollup.ShoutOuts), ActionKind.SponsorNote.Counted(Rollup.SponsorNotes)]);

        public string Met => Colleagues.Count == 0 ? Text.Words["nobody this week"] : Words.List(Colleagues);

        public string Next => Rollup.Complete
            ? Text.Words["Keep it going next week: who could use a coffee and a word with a senior leader?"]
            : Text.Words["Next week is a fresh start: one coffee, one shout-out and one sponsor note make 36 minutes."];
    }

    public static Task<EmailContent> MentorSummaryAsync(EmailRenderer renderer, SummaryModel model)
    {
        var r = model.Rollup;
        string subject = r.Complete
            ? Text.Words["Week complete: {0} minutes, streak {1}", r.Minutes, r.Streak]
            : Text.Words["Your week: {0}", Infrastructure.MinutesWords.Sentence(r.Minutes, model.TargetMinutes)];
        return renderer.RenderAsync<WeeklySummaryEmail, SummaryModel>(subject, model);
    }

    public sealed record DigestNumbers(int Enrolled, int Paused, int Active, int Complete, int Minutes, IReadOnlyList<string> Lapsed, int LapsedAfterWeeks)
    {
        public int Counted => Enrolled - Paused;

        /// <summary>Whole points rounded as every page and sheet rounds them (<see cref="Insights.VoiceNumbers.Points"/>: 62.5% is 63%, not 62%).</summary>
        public int CompletionPercent => Counted == 0 ? 0 : Insights.VoiceNumbers.Points((double)Complete / Counted);

        public int ParticipationPercent => Counted == 0 ? 0 : Insights.VoiceNumbers.Points((double)Active / Counted);

        /// <summary>The first 20 lapsed by name, then how many more.</summary>
        public string LapsedList
        {
            get
            {
                const int listed = 20;
                return Lapsed.Count == 0 ? Text.Words["none"]
                    : string.Join(", ", Lapsed.Take(listed)) + (Lapsed.Count > listed ? Text.Words[" and {0} more", Lapsed.Count - listed] : "");
            }
        }
    }

    public sealed record DigestModel(string Name, string ProgramName, PledgeWeek Week, DigestNumbers Numbers, string DashboardLink, string UnsubscribeLink);

    public static Task<EmailContent> AdminDigestAsync(EmailRenderer renderer, DigestModel model)
    {
        var program = model.ProgramName;
        string tail = Text.Words[", week of {0:d MMM}: {1} complete, {2} lapsed", model.Week.Monday.ToDateTime(TimeOnly.MinValue),
            Text.Words["{0}%", model.Numbers.CompletionPercent], model.Numbers.Lapsed.Count];
        // Subjects stay within 60 characters: a long program name gives way first.
        var room = 60 - tail.Length;
        if (program.Length > room)
        {
            program = program[..Math.Max(1, room - 1)].TrimEnd() + "…";
        }

        return renderer.RenderAsync<AdminDigestEmail, DigestModel>(program + tail, model);
    }

    public static Task<EmailContent> SummarySampleAsync(IServiceProvider services)
    {
        var app = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.AppOptions>>().Value;
        var week = new PledgeWeek(new DateOnly(2026, 11, 16));
        var rollup = new WeeklyRollup { WeekStart = week.Monday, Coffees = 1, ShoutOuts = 2, SponsorNotes = 1, Minutes = 41,
            CoffeeDone = true, ShoutOutDone = true, SponsorNoteDone = true, Streak = 3 };
        return MentorSummaryAsync(services.GetRequiredService<EmailRenderer>(), new SummaryModel("Ben", "Engineering leaders", week, rollup, 36,
            ["Amara Okafor", "Priya Nair"], app.Link("/week?program=1&week=2026-11-16"), app.Link(EmailSample.SampleUnsubscribe)));
    }

    public static Task<EmailContent> DigestSampleAsync(IServiceProvider services)
    {
        var app = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.AppOptions>>().Value;
        var week = new PledgeWeek(new DateOnly(2026, 11, 16));
        return AdminDigestAsync(services.GetRequiredService<EmailRenderer>(), new DigestModel("Alex", "Engineering leaders", week,
            new DigestNumbers(12, 1, 9, 6, 287, ["Chris Lee", "Dana Moss"], PledgeProgram.DefaultLapsedAfterWeeks),
            app.Link("/admin/programs/1?period=custom&from=2026-11-16&to=2026-11-22"), app.Link(EmailSample.SampleUnsubscribe)));
    }
}
