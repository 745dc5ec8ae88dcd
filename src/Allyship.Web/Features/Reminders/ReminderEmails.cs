using Allyship.Web.Data;
using Allyship.Web.Features.Pledge;
using Allyship.Web.Infrastructure.Email;
using Allyship.Web.Infrastructure.Localisation;

namespace Allyship.Web.Features.Reminders;

/// <summary>The mid-week reminder and the last call: what is left this week, each with its link to log it.</summary>
public static class ReminderEmails
{
    public sealed record Model(EmailKind Kind, string Name, string ProgramName, WeekProgress Progress, IReadOnlyList<EmailLink> Left, string UnsubscribeLink)
    {
        public string Opening => Kind == EmailKind.LastCall
            ? Text.Words["The week closes on Sunday night, and a few minutes still make it complete."]
            : Text.Words["A mid-week nudge: there is still time to make this week count."];

        public string Preheader => SoFar(Progress, ProgramName);
    }

    /// <summary>"30 of 36 minutes so far in Engineering leaders.": the email's preheader and the Slack reminder's second sentence.</summary>
    public static string SoFar(WeekProgress progress, string programName) => Text.Words["{0} so far in {1}.", progress.MinutesSentence, programName];

    public static Task<EmailContent> ComposeAsync(EmailRenderer renderer, EmailKind kind, string name, string programName, WeekProgress progress,
        Func<ActionKind, string> logLink, string unsubscribeLink)
    {
        var left = ActionKinds.All.Where(k => !progress.IsDone(k)).ToList();
        var links = left.Select(k => new EmailLink(Text.Words["Log {0}", Describe(k, progress)], logLink(k))).ToList();
        return renderer.RenderAsync<ReminderEmail, Model>(Subject(kind, left, progress), new Model(kind, name, programName, progress, links, unsubscribeLink));
    }

    /// <summary>At most <see cref="SubjectMaxLength"/> characters: what is left by name, or the minutes when that is too long.</summary>
    public static string Subject(EmailKind kind, IReadOnlyList<ActionKind> left, WeekProgress progress)
    {
        string prefix = kind == EmailKind.LastCall ? Text.Words["Last call"] : Text.Words["This week"];
        string named = Text.Words["{0}: {1} to go", prefix, Shared.Words.List(left.Select(k => Noun(k, progress)).ToList())];
        return named.Length <= SubjectMaxLength ? named
            : Text.Words["{0}: {1} of your pledge to go", prefix, Text.Words.Plural(progress.TargetMinutes - progress.MinutesTowardGoal, "{0} minute", "{0} minutes")];
    }

    public const int SubjectMaxLength = EmailSubject.MaxLength;

    private static string Noun(ActionKind kind, WeekProgress progress)
    {
        var missing = progress.Targets.CountFor(kind) - progress.CountOf(kind);
        return kind switch
        {
            ActionKind.Coffee => Text.Words.Plural(missing, "a coffee", "{0} coffees"),
            ActionKind.ShoutOut => Text.Words.Plural(missing, "a shout-out", "{0} shout-outs"),
            _ => Text.Words.Plural(missing, "a sponsor note", "{0} sponsor notes"),
        };
    }

    private static string Describe(ActionKind kind, WeekProgress progress)
    {
        var missing = progress.Targets.CountFor(kind) - progress.CountOf(kind);
        return Text.Words["{0} ({1} min)", Noun(kind, progress), progress.Targets.DefaultMinutesFor(kind) * missing];
    }

    /// <summary>Ben, on a Wednesday with a coffee logged: a shout-out and a sponsor note to go.</summary>
    public static Task<EmailContent> SampleAsync(IServiceProvider services, EmailKind kind)
    {
        var app = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Infrastructure.AppOptions>>().Value;
        var progress = WeekProgress.FromTotals(new PledgeWeek(new DateOnly(2026, 11, 23)), new WeeklyTargets(), [(ActionKind.Coffee, 1, 30)]);
        return ComposeAsync(services.GetRequiredService<EmailRenderer>(), kind, "Ben", "Engineering leaders", progress,
            k => app.Link($"/log/{k.Slug()}?program=1"), app.Link(EmailSample.SampleUnsubscribe));
    }
}
