using System.Reflection;
using Allyship.Web.Data;
using Allyship.Web.Features.Insights;

namespace Allyship.UnitTests;

/// <summary>
/// Every number defined once: docs/metrics.md holds the catalogue's table as written from <see cref="MetricDefinitions"/>,
/// and every piece of code the catalogue names exists. Regenerate the docs' table with ALLYSHIP_WRITE_METRICS=1.
/// </summary>
public sealed class MetricDefinitionsTests
{
    private const string Start = "<!-- definitions:start (written from MetricDefinitions.All; ALLYSHIP_WRITE_METRICS=1 dotnet test --filter MetricDefinitions) -->";
    private const string End = "<!-- definitions:end -->";

    [Fact]
    public void Docs_metrics_holds_the_catalogue_as_written_from_the_code()
    {
        var path = Path.Combine(Allyship.TestSupport.Repository.Root, "docs", "metrics.md");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var from = text.IndexOf(Start, StringComparison.Ordinal);
        var to = text.IndexOf(End, StringComparison.Ordinal);
        from.ShouldBeGreaterThanOrEqualTo(0, "docs/metrics.md has the definitions markers");
        to.ShouldBeGreaterThan(from);
        var expected = text[..(from + Start.Length)] + "\n" + MetricDefinitions.MarkdownTable() + text[to..];
        if (Environment.GetEnvironmentVariable("ALLYSHIP_WRITE_METRICS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        text.ShouldBe(expected, "docs/metrics.md's definitions differ from MetricDefinitions.All: run the test with ALLYSHIP_WRITE_METRICS=1 to rewrite them");
    }

    [Fact]
    public void Every_number_has_a_unique_id_a_sentence_code_and_a_place()
    {
        MetricDefinitions.All.Select(d => d.Id).ShouldBeUnique();
        MetricDefinitions.All.Select(d => d.Name).ShouldBeUnique();
        var places = new[] { MetricDefinitions.Dashboard, MetricDefinitions.Digest, MetricDefinitions.Preview, MetricDefinitions.MentorPages, MetricDefinitions.SummaryEmail }
            .Concat(MetricDefinitions.Sheets).ToHashSet();
        foreach (var d in MetricDefinitions.All)
        {
            d.Sentence.ShouldEndWith(".", customMessage: d.Id);
            d.Sentence.ShouldNotContain("Reporting:", customMessage: $"{d.Id}: no settings keys in what people read");
            d.Code.ShouldNotBeEmpty(d.Id);
            d.ShownOn.ShouldNotBeEmpty(d.Id);
            d.ShownOn.ShouldAllBe(p => places.Contains(p), d.Id);
        }

        // The numbers the issue names, each defined.
        string[] named = ["enrolled", "active", "lapsed", "complete-week", "minutes", "by-level", "reach",
            "confirmation-rate", "didnt-happen", "usefulness", "perception-gap", "gini", "top-tenth", "target-levels-reached", "overlooked", "outcome-rates"];
        named.Except(MetricDefinitions.All.Select(d => d.Id)).ShouldBeEmpty();
    }

    [Fact]
    public void Every_piece_of_code_a_definition_names_exists()
    {
        var types = new[] { typeof(MetricDefinitions).Assembly, typeof(WeeklyRollup).Assembly }.SelectMany(a => a.GetTypes()).ToList();
        var missing = new List<string>();
        foreach (var reference in MetricDefinitions.All.SelectMany(d => d.Code))
        {
            var parts = reference.Split('.');
            var candidates = types.Where(t => !t.IsNested && t.Name == parts[0]).ToList();
            var found = false;
            foreach (var top in candidates)
            {
                var t = top;
                var i = 1;
                for (; i < parts.Length && t.GetNestedType(parts[i], BindingFlags.Public) is { } nested; i++)
                {
                    t = nested;
                }

                if (i == parts.Length || (i == parts.Length - 1 && t.GetMember(parts[i], BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Length > 0))
                {
                    found = true;
                }
            }

            if (!found)
            {
                missing.Add(reference);
            }
        }

        missing.ShouldBeEmpty("every Type.Member a definition names is in the code");
    }
}
