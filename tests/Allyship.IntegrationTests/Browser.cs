using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Allyship.IntegrationTests;

/// <summary>An HTTP client that behaves like a person's browser: its own cookies, forms with their antiforgery tokens.</summary>
public sealed class Browser(HttpClient client)
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Client => client;

    public static async Task<Browser> SignedInAsync(AppFixtureBase app, TestUser user)
    {
        var browser = new Browser(app.NewClient());
        var response = await browser.SignInAsync(user.Email, user.Password);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, "sign-in should succeed");
        return browser;
    }

    public async Task<HttpResponseMessage> SignInAsync(string email, string password) =>
        await PostAsync("/account/sign-in", "/account/sign-in", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    public async Task<IHtmlDocument> GetPageAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, html.Length > 2000 ? html[..2000] : html);
        return Parser.ParseDocument(html);
    }

    public async Task<string> TokenFromAsync(string pageUrl)
    {
        var page = await GetPageAsync(pageUrl);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement;
        token.ShouldNotBeNull($"{pageUrl} has no antiforgery token");
        return token.Value;
    }

    /// <summary>Gets a token from <paramref name="formPage"/> (as a browser would have it) and posts the fields to <paramref name="postUrl"/>.</summary>
    public async Task<HttpResponseMessage> PostAsync(string formPage, string postUrl, Dictionary<string, string?> fields)
    {
        var token = await TokenFromAsync(formPage);
        return await PostWithoutTokenAsync(postUrl, new Dictionary<string, string?>(fields) { ["__RequestVerificationToken"] = token });
    }

    /// <summary>Posts fields that may repeat a name (several selects of one name), with a token from <paramref name="formPage"/>.</summary>
    public async Task<HttpResponseMessage> PostPairsAsync(string formPage, string postUrl, IEnumerable<KeyValuePair<string, string?>> fields)
    {
        var token = await TokenFromAsync(formPage);
        return await client.PostAsync(new Uri(postUrl, UriKind.Relative), new FormUrlEncodedContent(
            fields.Append(new("__RequestVerificationToken", token)).Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!))));
    }

    public Task<HttpResponseMessage> PostWithoutTokenAsync(string postUrl, Dictionary<string, string?> fields) =>
        client.PostAsync(new Uri(postUrl, UriKind.Relative),
            new FormUrlEncodedContent(fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!))));

    /// <summary>Posts a multipart form with one file, as a browser does for an upload.</summary>
    public async Task<HttpResponseMessage> PostFileAsync(string formPage, string postUrl, Dictionary<string, string?> fields, string fileField, string fileName, byte[] content)
    {
        var token = await TokenFromAsync(formPage);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        foreach (var (key, value) in fields.Where(f => f.Value is not null))
        {
            form.Add(new StringContent(value!), key);
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, fileField, fileName);
        return await client.PostAsync(new Uri(postUrl, UriKind.Relative), form);
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        Parser.ParseDocument(await response.Content.ReadAsStringAsync());
}
