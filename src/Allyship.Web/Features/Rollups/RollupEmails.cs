using System.Text;
using System.Text.Encodings.Web;
using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Features.Shared;

namespace Allyship.Web.Features.Rollups;

/// <summary>The words of the weekly summary (to each mentor) and the digest (to each program admin).</summary>
public static class RollupEmails
{
    public sealed record Content(string Subject, string Html, string Text);

    public static Content MentorSummary(string name, string programName, PledgeWeek week, WeeklyRollup r, int targetMinutes,
        IReadOnlyList<string> colleagues, string weekLink, string unsubscribeLink)
    {
        var e = HtmlEncoder.Default;
        var headline = r.Complete
            ? $"Week complete: {r.Minutes} minutes, streak {r.Streak}"
            : $"Your week: {r.Minutes} of {targetMinutes} minutes";
        var nudge = r.Complete
            ? "Keep it going next week: who could use a coffee and a word with a senior leader?"
            : "Next week is a fresh start: one coffee, one shout-out and one sponsor note make 36 minutes.";
        var met = colleagues.Count == 0 ? "nobody this week" : string.Join(", ", colleagues);
        var counts = Words.List([Words.Count(r.Coffees, "coffee"), Words.Count(r.ShoutOuts, "shout-out"), Words.Count(r.SponsorNotes, "sponsor note")]);

        var text = new StringBuilder()
            .AppendLine($"Hi {name},")
            .AppendLine()
            .AppendLine($"Your week of {week.Monday:d MMMM} in {programName}:")
            .AppendLine($"- {r.Minutes} of {targetMinutes} minutes ({counts})")
            .AppendLine($"- Streak: {r.Streak} complete {(r.Streak == 1 ? "week" : "weeks")} in a row")
            .AppendLine($"- Colleagues: {met}")
            .AppendLine()
            .AppendLine(nudge)
            .AppendLine($"That week: {weekLink}")
            .AppendLine()
            .AppendLine($"Stop weekly summaries: {unsubscribeLink}");

        var html = new StringBuilder()
            .Append($"<p>Hi {e.Encode(name)},</p>")
            .Append($"<p>Your week of {week.Monday:d MMMM} in <strong>{e.Encode(programName)}</strong>:</p><ul>")
            .Append($"<li><strong>{r.Minutes} of {targetMinutes} minutes</strong> ({e.Encode(counts)})</li>")
            .Append($"<li>Streak: <strong>{r.Streak}</strong> complete {(r.Streak == 1 ? "week" : "weeks")} in a row</li>")
            .Append($"<li>Colleagues: {e.Encode(met)}</li></ul>")
            .Append($"<p>{e.Encode(nudge)} <a href=\"{e.Encode(weekLink)}\">Open that week</a></p>")
            .Append($"<p style=\"font-size:12px;color:#5d5666\"><a href=\"{e.Encode(unsubscribeLink)}\">Stop weekly summaries</a></p>");
        return new Content(headline, html.ToString(), text.ToString());
    }

    public sealed record DigestNumbers(int Enrolled, int Paused, int Active, int Complete, int Minutes, IReadOnlyList<string> Lapsed);

    public static Content AdminDigest(string name, string programName, PledgeWeek week, DigestNumbers n, string dashboardLink, string unsubscribeLink)
    {
        var e = HtmlEncoder.Default;
        var counted = n.Enrolled - n.Paused;
        var completion = counted == 0 ? 0 : (int)Math.Round(100.0 * n.Complete / counted);
        var participation = counted == 0 ? 0 : (int)Math.Round(100.0 * n.Active / counted);
        const int listed = 20;
        var lapsed = n.Lapsed.Count == 0
            ? "none"
            : string.Join(", ", n.Lapsed.Take(listed)) + (n.Lapsed.Count > listed ? $" and {n.Lapsed.Count - listed} more" : "");
        var subject = $"{programName}, week of {week.Monday:d MMM}: {completion}% complete, {n.Lapsed.Count} lapsed";

        var text = new StringBuilder()
            .AppendLine($"Hi {name},")
            .AppendLine()
            .AppendLine($"{programName}, week of {week.Monday:d MMMM yyyy}:")
            .AppendLine($"- Mentors enrolled: {n.Enrolled} ({n.Paused} paused)")
            .AppendLine($"- Participation: {n.Active} of {counted} logged something ({participation}%)")
            .AppendLine($"- Completion: {n.Complete} of {counted} completed the week ({completion}%)")
            .AppendLine($"- Minutes: {n.Minutes}")
            .AppendLine($"- Lapsed (nothing logged for 2 weeks or more): {lapsed}")
            .AppendLine()
            .AppendLine($"The dashboard for that week: {dashboardLink}")
            .AppendLine()
            .AppendLine($"Stop these digests: {unsubscribeLink}");

        var html = new StringBuilder()
            .Append($"<p>Hi {e.Encode(name)},</p>")
            .Append($"<p><strong>{e.Encode(programName)}</strong>, week of {week.Monday:d MMMM yyyy}:</p><ul>")
            .Append($"<li>Mentors enrolled: {n.Enrolled} ({n.Paused} paused)</li>")
            .Append($"<li>Participation: {n.Active} of {counted} logged something ({participation}%)</li>")
            .Append($"<li>Completion: <strong>{n.Complete} of {counted}</strong> completed the week ({completion}%)</li>")
            .Append($"<li>Minutes: {n.Minutes}</li>")
            .Append($"<li>Lapsed (nothing logged for 2 weeks or more): {e.Encode(lapsed)}</li></ul>")
            .Append($"<p><a href=\"{e.Encode(dashboardLink)}\">Open the dashboard for that week</a></p>")
            .Append($"<p style=\"font-size:12px;color:#5d5666\"><a href=\"{e.Encode(unsubscribeLink)}\">Stop these digests</a></p>");
        return new Content(subject, html.ToString(), text.ToString());
    }
}
