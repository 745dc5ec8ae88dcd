using Allyship.Web.Data;
using Allyship.Web.Infrastructure.Localisation;

namespace Allyship.Web.Features.Pledge;

public static class ActionKinds
{
    public static readonly IReadOnlyList<ActionKind> All = [ActionKind.Coffee, ActionKind.ShoutOut, ActionKind.SponsorNote];

    public static string Label(this ActionKind kind) => kind switch
    {
        ActionKind.Coffee => Text.Words["Coffee"],
        ActionKind.ShoutOut => Text.Words["Shout-out"],
        ActionKind.SponsorNote => Text.Words["Sponsor note"],
        _ => kind.ToString(),
    };

    /// <summary>
    /// An action as its mentor reads it, everywhere (lists, its page, its edit page, what a delete says): "Coffee with
    /// Chen", "Shout-out for Chen", "Told Helen about Dana" (a sponsor note whose leader is not written yet: "Sponsor note
    /// for Dana"). Never "shout-out with": the shout-out and the note are given for her, not done with her.
    /// </summary>
    public static string Title(this ActionKind kind, string colleague, string? seniorLeader = null) => kind switch
    {
        ActionKind.Coffee => Text.Words["Coffee with {0}", colleague],
        ActionKind.ShoutOut => Text.Words["Shout-out for {0}", colleague],
        ActionKind.SponsorNote when !string.IsNullOrWhiteSpace(seniorLeader) => Text.Words["Told {0} about {1}", seniorLeader.Trim(), colleague],
        _ => Text.Words["Sponsor note for {0}", colleague],
    };

    /// <summary>The kind's picture beside its words (never alone: its label or a hidden text says it too).</summary>
    public static string Icon(this ActionKind kind) => kind switch
    {
        ActionKind.Coffee => "☕",
        ActionKind.ShoutOut => "📣",
        _ => "✉️",
    };

    /// <summary>The allyship level: coffee is interpersonal, a shout-out public, a sponsor note systemic.</summary>
    public static string Level(this ActionKind kind) => kind switch
    {
        ActionKind.Coffee => Text.Words["interpersonal"],
        ActionKind.ShoutOut => Text.Words["public"],
        ActionKind.SponsorNote => Text.Words["systemic"],
        _ => "",
    };

    public static string Describe(this ActionKind kind) => kind switch
    {
        ActionKind.Coffee => Text.Words["A career conversation over coffee with a talented junior colleague."],
        ActionKind.ShoutOut => Text.Words["Publicly credit a colleague for an achievement."],
        ActionKind.SponsorNote => Text.Words["Tell a senior leader about that accomplishment."],
        _ => "",
    };

    /// <summary>The URL segment: coffee, shout-out, sponsor-note.</summary>
    /// <summary>The words of the button that opens a kind's log form: "Log a coffee".</summary>
    public static string LogLabel(this ActionKind kind) => kind switch
    {
        ActionKind.Coffee => Text.Words["Log a coffee"],
        ActionKind.ShoutOut => Text.Words["Log a shout-out"],
        _ => Text.Words["Log a sponsor note"],
    };

    /// <summary>A count of a kind in words, with its plural in the reader's language: "1 coffee", "2 shout-outs", "0 sponsor notes".</summary>
    public static string Counted(this ActionKind kind, int count) => kind switch
    {
        ActionKind.Coffee => Text.Words.Plural(count, "{0} coffee", "{0} coffees"),
        ActionKind.ShoutOut => Text.Words.Plural(count, "{0} shout-out", "{0} shout-outs"),
        _ => Text.Words.Plural(count, "{0} sponsor note", "{0} sponsor notes"),
    };

    /// <summary>The words of a log form's button: "Log coffee".</summary>
    public static string SubmitLabel(this ActionKind kind) => kind switch
    {
        ActionKind.Coffee => Text.Words["Log coffee"],
        ActionKind.ShoutOut => Text.Words["Log shout-out"],
        _ => Text.Words["Log sponsor note"],
    };

    public static string Slug(this ActionKind kind) => kind switch
    {
        ActionKind.Coffee => "coffee",
        ActionKind.ShoutOut => "shout-out",
        ActionKind.SponsorNote => "sponsor-note",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>Accepts the enum name (Coffee) or the slug (shout-out), any case; nothing else.</summary>
    public static bool TryParse(string? value, out ActionKind kind)
    {
        kind = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        foreach (var k in All)
        {
            if (string.Equals(value, k.ToString(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(value, k.Slug(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }

        return false;
    }
}
