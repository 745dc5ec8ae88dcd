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

    /// <summary>
    /// Gets <paramref name="pageUrl"/> and submits the form of the button whose words contain <paramref name="button"/>
    /// (inside <paramref name="within"/>, a CSS selector, when the page has several), as a browser would.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pageUrl, string button, Dictionary<string, string?>? fill = null, string? within = null) =>
        await SubmitAsync(await GetPageAsync(pageUrl), pageUrl, button, fill, within);

    /// <summary>
    /// Submits a form of an already loaded page exactly as a browser would (HTML's form submission): its action (or the
    /// button's formaction, or the page itself), its method, every successful control with its current value — hidden
    /// fields and the antiforgery token included — and the pressed button's own name and value. <paramref name="fill"/>
    /// types into named fields (a null value unchecks a checkbox); naming a field the form lacks fails the test, since
    /// no browser could send it.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(IHtmlDocument page, string pageUrl, string button, Dictionary<string, string?>? fill = null, string? within = null)
    {
        var scope = within is null ? page.DocumentElement : page.QuerySelector(within);
        scope.ShouldNotBeNull($"{pageUrl} has nothing matching {within}");
        var buttons = scope.QuerySelectorAll("button, input[type=submit]")
            .Where(b => (b.TextContent + " " + b.GetAttribute("value") + " " + b.GetAttribute("aria-label")).Contains(button, StringComparison.OrdinalIgnoreCase))
            .ToList();
        buttons.Count.ShouldBe(1, $"{pageUrl}: expected one button saying \"{button}\"{(within is null ? "" : $" in {within}")}, found {buttons.Count}");
        var submitter = buttons[0];
        var form = (submitter.GetAttribute("form") is { } formId ? page.GetElementById(formId) : submitter.Closest("form")) as IHtmlFormElement;
        form.ShouldNotBeNull($"{pageUrl}: the button \"{button}\" is in no form");

        var pairs = SuccessfulControls(form, submitter).ToList();
        var fields = form.Elements.Where(e => e.GetAttribute("name") is { Length: > 0 } && !e.HasAttribute("disabled"))
            .Select(e => e.GetAttribute("name")!).ToHashSet(StringComparer.Ordinal);
        foreach (var (name, value) in fill ?? [])
        {
            fields.ShouldContain(name, $"{pageUrl}: the form has no field named {name} (or it is disabled)");
            var index = pairs.FindIndex(p => p.Key == name);
            pairs.RemoveAll(p => p.Key == name);
            if (value is not null)
            {
                // In the field's place (a checked box before its hidden "false"), or at the end for a box ticked now.
                pairs.Insert(index < 0 ? pairs.Count : Math.Min(index, pairs.Count), new(name, value));
            }
        }

        var method = (submitter.GetAttribute("formmethod") ?? form.GetAttribute("method") ?? "get").ToLowerInvariant();
        var action = submitter.GetAttribute("formaction") ?? form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? pageUrl : action.StartsWith('/') ? action : action.StartsWith('?') ? pageUrl.Split('?')[0] + action : action;
        var body = new FormUrlEncodedContent(pairs);
        return method == "post"
            ? await client.PostAsync(new Uri(target, UriKind.Relative), body)
            : await client.GetAsync(new Uri($"{target.Split('?')[0]}?{await body.ReadAsStringAsync()}", UriKind.Relative));
    }

    /// <summary>What HTML's form submission sends: named, enabled controls, checked boxes, selected options, and the button pressed.</summary>
    private static IEnumerable<KeyValuePair<string, string>> SuccessfulControls(IHtmlFormElement form, AngleSharp.Dom.IElement submitter)
    {
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled") || element.Closest("fieldset[disabled]") is not null)
            {
                continue;
            }

            switch (element)
            {
                case IHtmlInputElement input:
                    var type = (input.GetAttribute("type") ?? "text").ToLowerInvariant();
                    if (type is "submit" or "image")
                    {
                        if (input == submitter)
                        {
                            yield return new(name, input.Value);
                        }
                    }
                    else if (type is "checkbox" or "radio")
                    {
                        if (input.HasAttribute("checked"))
                        {
                            yield return new(name, input.GetAttribute("value") ?? "on");
                        }
                    }
                    else if (type is not ("button" or "reset" or "file"))
                    {
                        yield return new(name, input.GetAttribute("value") ?? "");
                    }

                    break;
                case IHtmlButtonElement pressed when pressed == submitter:
                    yield return new(name, pressed.GetAttribute("value") ?? "");
                    break;
                case IHtmlSelectElement select:
                    var options = select.Options.Where(o => o.HasAttribute("selected")).ToList();
                    if (options.Count == 0 && !select.IsMultiple && select.Options.Length > 0)
                    {
                        options.Add(select.Options[0]);
                    }

                    foreach (var option in options)
                    {
                        yield return new(name, option.GetAttribute("value") ?? option.TextContent);
                    }

                    break;
                case IHtmlTextAreaElement textArea:
                    yield return new(name, textArea.TextContent);
                    break;
            }
        }
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        Parser.ParseDocument(await response.Content.ReadAsStringAsync());
}
