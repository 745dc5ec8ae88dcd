using System.Net;
using System.Text;
using Allyship.Web.Features.Admin.Provisioning;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Allyship.IntegrationTests;

/// <summary>
/// What ServiceProviderConfig claims, checked against RFC 7643/7644's own example requests (patch, filter, ETag; no
/// bulk, sort or password change), and bad input: each gets a SCIM error with its status and scimType, and changes nothing.
/// </summary>
public sealed class ScimConformanceTests(AppFixture app, ITestOutputHelper output) : IClassFixture<AppFixture>
{
    private readonly AppFixtureBase _app = app.LogTo(output);

    /// <summary>RFC 7643 §8.2's full user, with the enterprise extension of §8.3 (the manager is set afterwards: it is an id here).</summary>
    private static string Bjensen(string email) => $$"""
        {
          "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
          "externalId": "{{email}}-ext",
          "userName": "{{email}}",
          "name": { "formatted": "Ms. Barbara J Jensen, III", "familyName": "Jensen", "givenName": "Barbara", "middleName": "Jane", "honorificPrefix": "Ms.", "honorificSuffix": "III" },
          "displayName": "Babs Jensen",
          "nickName": "Babs",
          "profileUrl": "https://login.example.com/bjensen",
          "emails": [ { "value": "{{email}}", "type": "work", "primary": true }, { "value": "babs@jensen.org", "type": "home" } ],
          "addresses": [ { "type": "work", "streetAddress": "100 Universal City Plaza", "locality": "Hollywood", "region": "CA", "postalCode": "91608", "country": "USA", "primary": true } ],
          "phoneNumbers": [ { "value": "555-555-5555", "type": "work" } ],
          "ims": [ { "value": "someaimhandle", "type": "aim" } ],
          "photos": [ { "value": "https://photos.example.com/profilephoto/72930000000Ccne/F", "type": "photo" } ],
          "userType": "Employee",
          "title": "Tour Guide",
          "preferredLanguage": "en-US",
          "locale": "en-US",
          "timezone": "America/Los_Angeles",
          "active": true,
          "password": "t1meMa$heen",
          "x509Certificates": [],
          "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
            "employeeNumber": "701984", "costCenter": "4130", "organization": "Universal Studios", "division": "Theme Park", "department": "Tour Operations"
          }
        }
        """;

    [Fact]
    public async Task ServiceProviderConfig_ResourceTypes_and_Schemas_say_what_is_supported()
    {
        var scim = await ScimClient.WithTokenAsync(_app);
        var config = await scim.GetAsync("/ServiceProviderConfig");
        config.Status.ShouldBe(HttpStatusCode.OK);
        config.Response.Content.Headers.ContentType!.MediaType.ShouldBe(Scim.ContentType);
        var body = config.Body!;
        body["patch"]!["supported"]!.GetValue<bool>().ShouldBeTrue();
        body["filter"]!["supported"]!.GetValue<bool>().ShouldBeTrue();
        body["filter"]!["maxResults"]!.GetValue<int>().ShouldBe(200);
        body["etag"]!["supported"]!.GetValue<bool>().ShouldBeTrue();
        body["bulk"]!["supported"]!.GetValue<bool>().ShouldBeFalse();
        body["sort"]!["supported"]!.GetValue<bool>().ShouldBeFalse();
        body["authenticationSchemes"]![0]!["type"]!.GetValue<string>().ShouldBe("oauthbearertoken");

        var types = await scim.GetAsync("/ResourceTypes");
        types.Body!["Resources"]!.AsArray().Select(r => r!["endpoint"]!.GetValue<string>()).ShouldBe(["/Users", "/Groups"]);
        (await scim.GetAsync("/ResourceTypes/User")).Body!["schema"]!.GetValue<string>().ShouldBe(Scim.UserSchema);
        var schemas = await scim.GetAsync("/Schemas");
        schemas.Body!["Resources"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ShouldBe([Scim.UserSchema, Scim.EnterpriseSchema, Scim.GroupSchema]);
        (await scim.GetAsync($"/Schemas/{Scim.UserSchema}")).Body!["attributes"]!.AsArray().Select(a => a!["name"]!.GetValue<string>()).ShouldContain("title");
        (await scim.GetAsync("/Bulk")).ShouldBeError(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_RFCs_full_user_is_created_read_versioned_and_patched()
    {
        var scim = await ScimClient.WithTokenAsync(_app);
        var email = $"{TestData.Unique("bjensen")}@example.com";
        var created = await scim.PostAsync("/Users", Bjensen(email));
        created.Status.ShouldBe(HttpStatusCode.Created, created.Body?.ToJsonString());
        var user = created.Body!;
        user["displayName"]!.GetValue<string>().ShouldBe("Babs Jensen");
        user["title"]!.GetValue<string>().ShouldBe("Tour Guide");
        user["password"].ShouldBeNull("never returned (RFC 7643 §4.1.1)");
        user["meta"]!["resourceType"]!.GetValue<string>().ShouldBe("User");
        var etag = created.Response.Headers.ETag!.ToString();
        user["meta"]!["version"]!.GetValue<string>().ShouldBe(etag);

        // RFC 7644 §3.14: If-None-Match with the current version is 304; a stale If-Match is 412 and changes nothing.
        (await scim.SendAsync(HttpMethod.Get, $"/Users/{created.Id}", null, ifNoneMatch: etag)).Status.ShouldBe(HttpStatusCode.NotModified);
        (await scim.SendAsync(HttpMethod.Get, $"/Users/{created.Id}", null, ifNoneMatch: "W/\"other\"")).Status.ShouldBe(HttpStatusCode.OK);
        var stale = await scim.SendAsync(HttpMethod.Patch, $"/Users/{created.Id}", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"displayName","value":"Barbara"}]}
            """, ifMatch: "W/\"stale\"");
        stale.ShouldBeError(HttpStatusCode.PreconditionFailed);
        var current = await scim.SendAsync(HttpMethod.Patch, $"/Users/{created.Id}", """
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"displayName","value":"Barbara"}]}
            """, ifMatch: etag);
        current.Status.ShouldBe(HttpStatusCode.OK, current.Body?.ToJsonString());
        current.Response.Headers.ETag!.ToString().ShouldNotBe(etag);

        // RFC 7644 §3.5.2.3: replace a multi-valued attribute's matching value; §3.5.2.2: remove a single-valued one.
        var patched = await scim.PatchAsync($"/Users/{created.Id}", $$"""
            {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
              {"op":"replace","path":"emails[type eq \"work\"]","value":{"value":"{{email}}","type":"work","primary":true} },
              {"op":"remove","path":"title"},
              {"op":"add","value":{"nickName":"Babs","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"Rides"} } }]}
            """);
        patched.Status.ShouldBe(HttpStatusCode.OK, patched.Body?.ToJsonString());
        patched.Body!["title"].ShouldBeNull();
        patched.Body[Scim.EnterpriseSchema]!["department"]!.GetValue<string>().ShouldBe("Rides");
        var colleague = await _app.WithDbAsync(db => db.Colleagues.AsNoTracking().SingleAsync(c => c.Email == email));
        (colleague.Level, colleague.Department, colleague.Name).ShouldBe(((string?)null, "Rides", "Barbara"));
    }

    [Fact]
    public async Task The_RFCs_group_patches_add_remove_and_replace_members()
    {
        var scim = await ScimClient.WithTokenAsync(_app);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await scim.PostAsync("/Users", Bjensen($"{TestData.Unique("member")}@example.com"))).Id);
        }

        var group = await scim.PostAsync("/Groups", $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"{{TestData.Unique("Tour Guides")}}"}""");
        group.Status.ShouldBe(HttpStatusCode.Created);
        async Task<List<string>> PatchAsync(string operations)
        {
            var answer = await scim.PatchAsync($"/Groups/{group.Id}", $$"""{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{{operations}}]}""");
            answer.Status.ShouldBe(HttpStatusCode.OK, answer.Body?.ToJsonString());
            return [.. (answer.Body!["members"]?.AsArray() ?? []).Select(m => m!["value"]!.GetValue<string>())];
        }

        // §3.5.2.1 add members; §3.5.2.2 remove one by filter, then all; §3.5.2.3 replace all.
        (await PatchAsync($$"""{"op":"add","path":"members","value":[{"display":"Babs Jensen","$ref":"https://example.com/v2/Users/{{ids[0]}}","value":"{{ids[0]}}"},{"value":"{{ids[1]}}"}]}"""))
            .ShouldBe([ids[0], ids[1]], ignoreOrder: true);
        (await PatchAsync($$"""{"op":"remove","path":"members[value eq \"{{ids[0]}}\"]"}""")).ShouldBe([ids[1]]);
        (await PatchAsync("""{"op":"remove","path":"members"}""")).ShouldBeEmpty();
        (await PatchAsync($$"""{"op":"replace","path":"members","value":[{"value":"{{ids[2]}}"},{"value":"{{ids[0]}}"}]}""")).ShouldBe([ids[0], ids[2]], ignoreOrder: true);
        var put = await scim.PutAsync($"/Groups/{group.Id}", $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Renamed {{group.Id}}","members":[{"value":"{{ids[1]}}"}]}""");
        put.Body!["members"]!.AsArray().Single()!["value"]!.GetValue<string>().ShouldBe(ids[1]);
    }

    [Fact]
    public async Task Lists_page_with_startIndex_and_count_and_never_exceed_maxResults()
    {
        var scim = await ScimClient.WithTokenAsync(_app);
        await _app.WithDbAsync(async db =>
        {
            db.Colleagues.AddRange(Enumerable.Range(0, 210).Select(i => new Allyship.Web.Data.Colleague { Name = $"Bulk {i}", Email = $"{TestData.Unique("bulk")}@example.com" }));
            return await db.SaveChangesAsync();
        });
        var all = await scim.GetAsync("/Users?count=10000");
        all.Status.ShouldBe(HttpStatusCode.OK);
        var total = all.Body!["totalResults"]!.GetValue<int>();
        total.ShouldBeGreaterThanOrEqualTo(210);
        all.Body["itemsPerPage"]!.GetValue<int>().ShouldBe(200);
        all.Body["Resources"]!.AsArray().Count.ShouldBe(200);

        var second = await scim.GetAsync("/Users?startIndex=3&count=2");
        second.Body!["startIndex"]!.GetValue<int>().ShouldBe(3);
        second.Body["Resources"]!.AsArray().Select(r => r!["id"]!.GetValue<string>())
            .ShouldBe(all.Body["Resources"]!.AsArray().Skip(2).Take(2).Select(r => r!["id"]!.GetValue<string>()));
        (await scim.GetAsync("/Users?count=0")).Body!["Resources"]!.AsArray().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("userName sw \"J\"")]
    [InlineData("title pr")]
    [InlineData("userName eq \"a@example.com\" or userName eq \"b@example.com\"")]
    [InlineData("(userName eq \"a@example.com\")")]
    [InlineData("phoneNumbers.value eq \"555\"")]
    [InlineData("emails[type eq \"home\"].value eq \"a@example.com\"")]
    [InlineData("userName eq bjensen")]
    public async Task An_unsupported_filter_is_400_invalidFilter(string filter)
    {
        var scim = await ScimClient.WithTokenAsync(_app);
        (await scim.GetAsync($"/Users?filter={Uri.EscapeDataString(filter)}")).ShouldBeError(HttpStatusCode.BadRequest, "invalidFilter");
    }

    [Fact]
    public async Task Application_json_is_accepted_as_well_as_scim_json()
    {
        var scim = await ScimClient.WithTokenAsync(_app);
        var email = $"{TestData.Unique("json")}@example.com";
        (await scim.PostAsync("/Users", $$"""{"userName":"{{email}}"}""", "application/json")).Status.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Bad_input_gets_a_SCIM_error_and_changes_nothing()
    {
        var scim = await ScimClient.WithTokenAsync(_app);
        var before = await CountsAsync();
        var email = $"{TestData.Unique("bad")}@example.com";

        (await scim.PostAsync("/Users", "{\"userName\": ")).ShouldBeError(HttpStatusCode.BadRequest, "invalidSyntax");
        (await scim.PostAsync("/Users", "[1, 2]")).ShouldBeError(HttpStatusCode.BadRequest, "invalidSyntax");
        (await scim.PostAsync("/Users", $$"""{"userName":"{{email}}","name":{"givenName":"A","givenName":"B"} }""")).ShouldBeError(HttpStatusCode.BadRequest, "invalidSyntax");
        (await scim.PostAsync("/Users", $$"""{"userName":"{{email}}","favouriteColour":"green"}""")).ShouldBeError(HttpStatusCode.BadRequest, "invalidSyntax");
        (await scim.PostAsync("/Users", $$"""{"userName":"{{email}}","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"shoeSize":9} }""")).ShouldBeError(HttpStatusCode.BadRequest, "invalidSyntax");
        (await scim.PostAsync("/Users", """{"userName":"bjensen"}""")).ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        (await scim.PostAsync("/Users", """{"displayName":"No user name"}""")).ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        (await scim.PostAsync("/Users", $$"""{"userName":"{{email}}"}""", "text/plain")).ShouldBeError(HttpStatusCode.UnsupportedMediaType);
        var huge = new StringBuilder($$"""{"userName":"{{email}}","nickName":" """).Append('x', 1024 * 1024 + 10).Append("\"}").ToString();
        (await scim.PostAsync("/Users", huge)).ShouldBeError(HttpStatusCode.RequestEntityTooLarge);

        var user = await scim.PostAsync("/Users", $$"""{"userName":"{{email}}"}""");
        user.Status.ShouldBe(HttpStatusCode.Created, user.Body?.ToJsonString());
        before = await CountsAsync();
        var version = (await scim.GetAsync($"/Users/{user.Id}")).Response.Headers.ETag!.ToString();
        (await scim.PatchAsync($"/Users/{user.Id}", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"favouriteColour","value":"green"}]}"""))
            .ShouldBeError(HttpStatusCode.BadRequest, "invalidPath");
        (await scim.PatchAsync($"/Users/{user.Id}", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"move","path":"title","value":"x"}]}"""))
            .ShouldBeError(HttpStatusCode.BadRequest, "invalidSyntax");
        (await scim.PatchAsync($"/Users/{user.Id}", """{"Operations":[{"op":"replace","path":"title","value":"x"}]}""")).ShouldBeError(HttpStatusCode.BadRequest, "invalidSyntax");
        // One bad operation among good ones: none of them is applied.
        (await scim.PatchAsync($"/Users/{user.Id}", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"title","value":"Boss"},{"op":"replace","path":"active","value":"maybe"}]}"""))
            .ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        (await scim.GetAsync($"/Users/{user.Id}")).Response.Headers.ETag!.ToString().ShouldBe(version);
        (await scim.GetAsync("/Users/not-a-number")).ShouldBeError(HttpStatusCode.NotFound);
        (await scim.GetAsync("/Users?count=ten")).ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");

        // 10,000 users in one list: refused whole, before anything is read or changed.
        var members = string.Join(",", Enumerable.Range(1, 10_000).Select(i => $$"""{"value":"{{i}}"}"""));
        (await scim.PostAsync("/Groups", $$"""{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Everyone","members":[{{members}}]}"""))
            .ShouldBeError(HttpStatusCode.BadRequest, "tooMany");
        (await scim.PostAsync("/Groups", """{"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group"],"displayName":"Ghosts","members":[{"value":"99999999"}]}"""))
            .ShouldBeError(HttpStatusCode.BadRequest, "invalidValue");
        (await CountsAsync()).ShouldBe(before);
    }

    private Task<(int Colleagues, int Groups, int Members, int Audit)> CountsAsync() =>
        _app.WithDbAsync(async db => (await db.Colleagues.CountAsync(), await db.ScimGroups.CountAsync(), await db.ScimGroupMembers.CountAsync(),
            await db.AuditLog.CountAsync(a => a.Action.StartsWith("provisioning"))));
}
