using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Allyship.Web.Data;
using Allyship.Web.Features.Admin.Provisioning;

namespace Allyship.IntegrationTests;

/// <summary>An identity provider's side of SCIM: a provisioning token and JSON requests to /scim/v2, as Entra ID and Okta send them.</summary>
public sealed class ScimClient(HttpClient client)
{
    public HttpClient Client => client;

    /// <summary>A client with a fresh usable token (made in the database: ScimTokenTests makes them on the page, as an admin would).</summary>
    public static async Task<ScimClient> WithTokenAsync(AppFixtureBase app, string name = "Entra ID")
    {
        var token = $"test-token-{Guid.NewGuid():N}";
        await app.WithDbAsync(async db =>
        {
            db.ProvisioningTokens.Add(new ProvisioningToken { Name = name, TokenHash = ProvisioningTokens.Hash(token), CreatedBy = "test" });
            return await db.SaveChangesAsync();
        });
        return WithToken(app, token);
    }

    public static ScimClient WithToken(AppFixtureBase app, string? token)
    {
        var client = app.NewClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return new ScimClient(client);
    }

    public sealed record Answer(HttpStatusCode Status, JsonObject? Body, HttpResponseMessage Response)
    {
        public string Id => Body!["id"]!.GetValue<string>();

        /// <summary>A SCIM error body's status and scimType, checked against the HTTP status.</summary>
        public void ShouldBeError(HttpStatusCode status, string? scimType = null)
        {
            Status.ShouldBe(status, Body?.ToJsonString());
            Response.Content.Headers.ContentType?.MediaType.ShouldBe(Scim.ContentType);
            Body!["schemas"]![0]!.GetValue<string>().ShouldBe(Scim.ErrorSchema);
            Body["status"]!.GetValue<string>().ShouldBe(((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
            (Body["scimType"]?.GetValue<string>()).ShouldBe(scimType);
        }
    }

    public Task<Answer> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<Answer> PostAsync(string path, string json, string contentType = Scim.ContentType) => SendAsync(HttpMethod.Post, path, json, contentType);

    public Task<Answer> PutAsync(string path, string json) => SendAsync(HttpMethod.Put, path, json);

    public Task<Answer> PatchAsync(string path, string json) => SendAsync(HttpMethod.Patch, path, json);

    public Task<Answer> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public async Task<Answer> SendAsync(HttpMethod method, string path, string? json, string contentType = Scim.ContentType, string? ifMatch = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(method, new Uri("/scim/v2" + path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, contentType);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject, response);
    }

    /// <summary>The one resource a "does she exist?" filter finds, or null when it finds none.</summary>
    public async Task<JsonObject?> FindAsync(string resource, string filter)
    {
        var answer = await GetAsync($"/{resource}?filter={Uri.EscapeDataString(filter)}");
        answer.Status.ShouldBe(HttpStatusCode.OK, answer.Body?.ToJsonString());
        var total = answer.Body!["totalResults"]!.GetValue<int>();
        total.ShouldBeLessThanOrEqualTo(1);
        return total == 0 ? null : answer.Body["Resources"]![0]!.AsObject();
    }
}
