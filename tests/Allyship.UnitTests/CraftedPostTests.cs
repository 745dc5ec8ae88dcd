using System.Text.RegularExpressions;

namespace Allyship.UnitTests;

/// <summary>
/// Rule 20, checked in the test sources: an integration test posts the page's own form (Browser.SubmitAsync). A test
/// that must send a body it built itself (a replay, a forged field, a missing token, a burst) does so through
/// Browser.PostCraftedAsync, and its name says "crafted", so nobody mistakes it for proof that a real form works.
/// </summary>
public sealed partial class CraftedPostTests
{
    private const string Word = "crafted";

    private static readonly string[] TestFolders = ["tests/Allyship.IntegrationTests", "tests/Allyship.EndToEnd"];

    [Fact]
    public void Only_tests_named_crafted_post_a_body_they_built()
    {
        var root = Allyship.TestSupport.Repository.Root;
        var sources = TestFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && Path.GetFileName(f) != "Browser.cs" // the helpers' own home
                && Path.GetFileName(f) != "ScimClient.cs" // an identity provider's JSON requests to the SCIM API: no page, no form to read
                && Path.GetFileName(f) != "ChatAppClient.cs") // Slack's and Teams' signed requests: no page, no form to read
            .Select(f => (File: Path.GetRelativePath(root, f).Replace('\\', '/'), Text: File.ReadAllText(f)))
            .ToList();

        var crafted = sources.SelectMany(s => Violations(s.File, s.Text, out _)).ToList();
        var calls = sources.Sum(s => { Violations(s.File, s.Text, out var count); return count; });

        calls.ShouldBeGreaterThan(10, "the scan finds the attack tests' crafted posts");
        crafted.ShouldBeEmpty();
    }

    [Fact]
    public void The_scan_catches_a_crafted_post_in_a_test_not_named_so_and_a_raw_client_post()
    {
        const string source = """
            public sealed class SomeTests
            {
                [Fact]
                public async Task Logging_a_coffee_counts_it()
                {
                    await browser.PostCraftedAsync("/log", new() { ["Input.Minutes"] = "30" });
                }

                [Fact]
                public async Task A_crafted_replay_is_refused()
                {
                    await browser.PostCraftedAsync("/log", new());
                }

                [Fact]
                public async Task An_unsubscribe_works()
                {
                    await app.NewClient().PostAsync(new Uri("/unsubscribe", UriKind.Relative), new FormUrlEncodedContent([]));
                }

                [Fact]
                public async Task A_pause_is_saved()
                {
                    using var post = new HttpRequestMessage(HttpMethod.Post, new Uri("/preferences?handler=Pause", UriKind.Relative));
                }

                private Task<HttpResponseMessage> HelperAsync() => browser.PostCraftedAsync("/log", new());
            }
            """;

        var found = Violations("SomeTests.cs", source, out var calls);

        calls.ShouldBe(5);
        found.Count.ShouldBe(4);
        found[0].ShouldContain("Logging_a_coffee_counts_it");
        found[1].ShouldContain("An_unsubscribe_works");
        found[2].ShouldContain("A_pause_is_saved");
        found[3].ShouldContain("HelperAsync");
    }

    /// <summary>Each crafted or raw post in <paramref name="text"/> that is not inside a test whose name says "crafted".</summary>
    private static List<string> Violations(string file, string text, out int calls)
    {
        var found = new List<string>();
        var (member, isTest, pendingTest) = ("(no member)", false, false);
        calls = 0;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("[Fact", StringComparison.Ordinal) || trimmed.StartsWith("[Theory", StringComparison.Ordinal)
                || trimmed.StartsWith("[Browser", StringComparison.Ordinal))
            {
                pendingTest = true;
            }
            else if (Member().Match(line) is { Success: true } declared)
            {
                (member, isTest, pendingTest) = (declared.Groups["name"].Value, pendingTest, false);
            }

            if (!CraftedCall().IsMatch(line) && !RawPost().IsMatch(line))
            {
                continue;
            }

            calls++;
            if (!isTest || !member.Contains(Word, StringComparison.OrdinalIgnoreCase))
            {
                found.Add($"{file}:{i + 1} in {member}: {trimmed.Trim()} — post the page's form (Browser.SubmitAsync), or name the test \"{Word}\" and use PostCraftedAsync");
            }
        }

        return found;
    }

    /// <summary>A method, property or constructor declared at member level (access modifier first, no "=" before its parameters).</summary>
    [GeneratedRegex(@"^\s+(public|private|internal|protected)\b[^=;]*?\b(?<name>\w+)\s*(<[^>]*>)?\s*\(")]
    private static partial Regex Member();

    [GeneratedRegex(@"\bPostCraftedAsync\(")]
    private static partial Regex CraftedCall();

    /// <summary>An HttpClient's post sent by hand instead of through Browser (PostAsync, or a request message sent with SendAsync).</summary>
    [GeneratedRegex(@"(\bClient|\bclient|NewClient\(\))\s*\.\s*PostAsync\(|\bHttpMethod\.Post\b")]
    private static partial Regex RawPost();
}
