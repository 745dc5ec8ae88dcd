using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Allyship.IntegrationTests;

/// <summary>An HTTP client that behaves like a person's browser: its own cookies, forms with their antiforgery tokens.</summary>
public sealed class Browser(HttpClient client)
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Client => client;

    public static async Task<Browser> SignedInAsync(AppFixture app, TestUser user)
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

    public Task<HttpResponseMessage> PostWithoutTokenAsync(string postUrl, Dictionary<string, string?> fields) =>
        client.PostAsync(new Uri(postUrl, UriKind.Relative),
            new FormUrlEncodedContent(fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!))));

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        Parser.ParseDocument(await response.Content.ReadAsStringAsync());
}
