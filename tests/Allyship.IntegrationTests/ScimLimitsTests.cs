using System.Net;

namespace Allyship.IntegrationTests;

/// <summary>`Provisioning:MaxMembersPerRequest` bounds what one group request sends and what one list of groups returns.</summary>
public sealed class ScimLimitsTests(ScimLimitsTests.App app) : IClassFixture<ScimLimitsTests.App>
{
    public sealed class App : AppFixtureBase
    {
        public App() => Settings["Provisioning:MaxMembersPerRequest"] = "3";
    }

    [Fact]
    public async Task A_list_of_groups_holds_at_most_the_member_bound_and_pages_on()
    {
        var scim = await ScimClient.WithTokenAsync(app);
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var email = $"{TestData.Unique("limit")}@example.com";
            ids.Add((await scim.PostAsync("/Users", $$"""{"userName":"{{email}}"}""")).Id);
        }

        string Group(string name, params string[] members) =>
            $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{name}}","members":[{{string.Join(",", members.Select(m => $$"""{"value":"{{m}}"}"""))}}]}""";
        (await scim.PostAsync("/Groups", Group("Too many", [.. ids]))).ShouldBeError(HttpStatusCode.BadRequest, "tooMany");
        (await scim.PostAsync("/Groups", Group("A", ids[0], ids[1]))).Status.ShouldBe(HttpStatusCode.Created);
        (await scim.PostAsync("/Groups", Group("B", ids[2], ids[3]))).Status.ShouldBe(HttpStatusCode.Created);
        (await scim.PostAsync("/Groups", Group("C"))).Status.ShouldBe(HttpStatusCode.Created);

        var first = await scim.GetAsync("/Groups");
        first.Body!["totalResults"]!.GetValue<int>().ShouldBe(3);
        first.Body["itemsPerPage"]!.GetValue<int>().ShouldBe(1);
        var next = await scim.GetAsync("/Groups?startIndex=2");
        next.Body!["Resources"]!.AsArray().Select(g => g!["displayName"]!.GetValue<string>()).ShouldBe(["B", "C"]);
        (await scim.GetAsync("/Groups?excludedAttributes=members")).Body!["itemsPerPage"]!.GetValue<int>().ShouldBe(3);
    }
}
