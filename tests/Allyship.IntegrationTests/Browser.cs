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

    /// <summary>Signs in through the sign-in page's own form.</summary>
    public async Task<HttpResponseMessage> SignInAsync(string email, string password) =>
        await SubmitAsync("/account/sign-in", "Sign in", new() { ["Input.Email"] = email, ["Input.Password"] = password });

    public async Task<IHtmlDocument> GetPageAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, html.Length > 2000 ? html[..2000] : html);
        return Parser.ParseDocument(html);
    }

    /// <summary>
    /// The colleague a log form has chosen (the form of <paramref name="kindSlug"/>: "coffee", "shout-out", "sponsor-note"):
    /// a ticked chip, else the list's selected person; null when nobody is chosen.
    /// </summary>
    public static string? ChosenColleague(AngleSharp.Dom.IParentNode page, string kindSlug) =>
        page.QuerySelector($"input[type=radio][name='Input.ColleagueId'][id^='{kindSlug}-chip'][checked]")?.GetAttribute("value")
        ?? (page.QuerySelector($"#{kindSlug}-colleague option[selected]")?.GetAttribute("value") is { Length: > 0 } listed ? listed : null);

    /// <summary>The people a log form offers as one-tap chips, in order (their ids).</summary>
    public static List<string> ColleagueChips(AngleSharp.Dom.IParentNode page, string kindSlug) =>
        page.QuerySelectorAll($"input[type=radio][name='Input.ColleagueId'][id^='{kindSlug}-chip']").Select(c => c.GetAttribute("value")!).ToList();

    /// <summary>The status a GET of <paramref name="url"/> answers this browser with (redirects not followed).</summary>
    public async Task<HttpStatusCode> StatusOfAsync(string url) => (await client.GetAsync(new Uri(url, UriKind.Relative))).StatusCode;

    public async Task<string> TokenFromAsync(string pageUrl)
    {
        var page = await GetPageAsync(pageUrl);
        var token = page.QuerySelector("input[name=__RequestVerificationToken]") as IHtmlInputElement;
        token.ShouldNotBeNull($"{pageUrl} has no antiforgery token");
        return token.Value;
    }

    /// <summary>
    /// Posts a body the test built itself — what no page's form would send: a replay, a forged field, a missing token, a
    /// tampered id, a burst. Only tests whose name says "crafted" may call it (CraftedPostTests checks), so a reader
    /// knows at once which tests leave the page's own form. <paramref name="tokenFrom"/> adds the antiforgery token a
    /// browser would hold after opening that page.
    /// </summary>
    public async Task<HttpResponseMessage> PostCraftedAsync(string postUrl, IEnumerable<KeyValuePair<string, string?>> fields, string? tokenFrom = null)
    {
        var pairs = fields.Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!)).ToList();
        if (tokenFrom is not null)
        {
            pairs.Add(new("__RequestVerificationToken", await TokenFromAsync(tokenFrom)));
        }

        return await client.PostAsync(new Uri(postUrl, UriKind.Relative), new FormUrlEncodedContent(pairs));
    }

    /// <inheritdoc cref="PostCraftedAsync(string, IEnumerable{KeyValuePair{string, string?}}, string?)"/>
    public Task<HttpResponseMessage> PostCraftedAsync(string postUrl, Dictionary<string, string?> fields, string? tokenFrom = null) =>
        PostCraftedAsync(postUrl, (IEnumerable<KeyValuePair<string, string?>>)fields, tokenFrom);

    /// <summary>Posts a body the test built byte by byte (a malformed upload, an oversized body): a crafted post too.</summary>
    public Task<HttpResponseMessage> PostCraftedAsync(string postUrl, HttpContent content) =>
        client.PostAsync(new Uri(postUrl, UriKind.Relative), content);

    /// <summary>
    /// What a mail client sends for an email's List-Unsubscribe-Post header (RFC 8058): a POST of
    /// <c>List-Unsubscribe=One-Click</c> to the header's address, with no cookie, page or token. Not a form of ours.
    /// </summary>
    public Task<HttpResponseMessage> OneClickUnsubscribeAsync(string url) =>
        client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

    /// <summary>
    /// Gets <paramref name="pageUrl"/> and submits the form of the button whose words contain <paramref name="button"/>
    /// (inside <paramref name="within"/>, a CSS selector, when the page has several), as a browser would.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string pageUrl, string button, Dictionary<string, string?>? fill = null, string? within = null,
        Dictionary<string, string[]>? choose = null, Dictionary<string, Upload>? files = null, Dictionary<string, string>? scripted = null) =>
        await SubmitAsync(await GetPageAsync(pageUrl), pageUrl, button, fill, within, choose, files, scripted);

    /// <summary>
    /// Submits a form of an already loaded page exactly as a browser would (HTML's form submission): its action (or the
    /// button's formaction, or the page itself), its method and encoding, every successful control with its current
    /// value — hidden fields and the antiforgery token included — and the pressed button's own name and value.
    /// <paramref name="fill"/> types into named fields or picks an offered option (a null value unchecks a checkbox);
    /// <paramref name="choose"/> picks several options of a multiple select (or fills same-named controls in order);
    /// <paramref name="files"/> attaches a file to a file input. Naming a field the form lacks, a hidden field, or an
    /// option it does not offer fails the test, since no browser could send it. <paramref name="scripted"/> sets hidden
    /// fields the page's own script fills before it posts (what the browser gave it: a push subscription's keys); each
    /// must be a hidden field of the form.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(IHtmlDocument page, string pageUrl, string button, Dictionary<string, string?>? fill = null, string? within = null,
        Dictionary<string, string[]>? choose = null, Dictionary<string, Upload>? files = null, Dictionary<string, string>? scripted = null)
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

        var controls = Controls(form, submitter).ToList();
        foreach (var (name, value) in fill ?? [])
        {
            Fill(Fillable(controls, name, pageUrl), value is null ? [] : [value], pageUrl);
        }

        foreach (var (name, values) in choose ?? [])
        {
            Fill(Fillable(controls, name, pageUrl), values, pageUrl);
        }

        foreach (var (name, value) in scripted ?? [])
        {
            var hidden = controls.Where(c => c.Name == name && c.Type == "hidden").ToList();
            hidden.Count.ShouldBe(1, $"{pageUrl}: the form has no hidden field {name} for its script to fill");
            hidden[0].Values.Clear();
            hidden[0].Values.Add(value);
        }

        var pairs = controls.SelectMany(c => c.Values.Select(v => new KeyValuePair<string, string>(c.Name, v))).ToList();
        var method = (submitter.GetAttribute("formmethod") ?? form.GetAttribute("method") ?? "get").ToLowerInvariant();
        var action = submitter.GetAttribute("formaction") ?? form.GetAttribute("action");
        var target = string.IsNullOrEmpty(action) ? pageUrl : action.StartsWith('/') ? action : action.StartsWith('?') ? pageUrl.Split('?')[0] + action : action;
        var multipart = string.Equals(submitter.GetAttribute("formenctype") ?? form.GetAttribute("enctype"), "multipart/form-data", StringComparison.OrdinalIgnoreCase);
        if (!multipart)
        {
            (files ?? []).ShouldBeEmpty($"{pageUrl}: the form does not send files (no enctype=\"multipart/form-data\")");
        }

        if (method != "post")
        {
            var query = await new FormUrlEncodedContent(pairs).ReadAsStringAsync();
            return await client.GetAsync(new Uri($"{target.Split('?')[0]}?{query}", UriKind.Relative));
        }

        if (!multipart)
        {
            return await client.PostAsync(new Uri(target, UriKind.Relative), new FormUrlEncodedContent(pairs));
        }

        using var body = new MultipartFormDataContent();
        foreach (var (name, value) in pairs)
        {
            body.Add(new StringContent(value), name);
        }

        foreach (var (name, upload) in files ?? [])
        {
            controls.ShouldContain(c => c.Name == name && c.Type == "file", $"{pageUrl}: the form has no file input named {name}");
            var file = new ByteArrayContent(upload.Content);
            file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(upload.ContentType);
            body.Add(file, name, upload.FileName);
        }

        return await client.PostAsync(new Uri(target, UriKind.Relative), body);
    }

    /// <summary>One named control of a form, as the person has left it: what it sends (nothing, one value, or several options).</summary>
    private sealed class Control(AngleSharp.Dom.IElement element, string name, string type)
    {
        public AngleSharp.Dom.IElement Element => element;

        public string Name => name;

        /// <summary>text, hidden, checkbox, radio, submit, file… for inputs; select, textarea or button otherwise.</summary>
        public string Type => type;

        public List<string> Values { get; } = [];

        public string OwnValue => element.GetAttribute("value") ?? (type is "checkbox" or "radio" ? "on" : "");

        public IEnumerable<string> Options => element is IHtmlSelectElement select ? select.Options.Select(o => o.GetAttribute("value") ?? o.TextContent) : [];
    }

    /// <summary>What HTML's form submission would send: named, enabled controls, checked boxes, selected options, and the button pressed.</summary>
    private static IEnumerable<Control> Controls(IHtmlFormElement form, AngleSharp.Dom.IElement submitter)
    {
        foreach (var element in form.Elements)
        {
            var name = element.GetAttribute("name");
            if (string.IsNullOrEmpty(name) || element.HasAttribute("disabled") || element.Closest("fieldset[disabled]") is not null)
            {
                continue;
            }

            var type = element is IHtmlInputElement ? (element.GetAttribute("type") ?? "text").ToLowerInvariant() : element.LocalName;
            var control = new Control(element, name, type);
            switch (element)
            {
                case IHtmlInputElement when type is "submit" or "image":
                case IHtmlButtonElement:
                    if (element == submitter)
                    {
                        control.Values.Add(control.OwnValue);
                    }

                    break;
                case IHtmlInputElement when type is "checkbox" or "radio":
                    if (element.HasAttribute("checked"))
                    {
                        control.Values.Add(control.OwnValue);
                    }

                    break;
                case IHtmlInputElement when type is "button" or "reset" or "file":
                    break;
                case IHtmlInputElement:
                    control.Values.Add(control.OwnValue);
                    break;
                case IHtmlSelectElement select:
                    var options = select.Options.Where(o => o.HasAttribute("selected")).ToList();
                    if (options.Count == 0 && !select.IsMultiple && select.Options.Length > 0)
                    {
                        options.Add(select.Options[0]);
                    }

                    control.Values.AddRange(options.Select(o => o.GetAttribute("value") ?? o.TextContent));
                    break;
                case IHtmlTextAreaElement textArea:
                    control.Values.Add(textArea.TextContent);
                    break;
                default:
                    continue; // fieldsets, outputs and objects send nothing
            }

            yield return control;
        }
    }

    /// <summary>The controls named <paramref name="name"/> a person can change: not hidden (a hidden field is the page's), not a button.</summary>
    private static List<Control> Fillable(List<Control> controls, string name, string pageUrl)
    {
        var named = controls.Where(c => c.Name == name).ToList();
        named.ShouldNotBeEmpty($"{pageUrl}: the form has no field named {name} (or it is disabled)");
        var fillable = named.Where(c => c.Type is not ("hidden" or "submit" or "image" or "button" or "reset" or "file")).ToList();
        fillable.ShouldNotBeEmpty($"{pageUrl}: {name} is a hidden field or a button; a person cannot change it (a test that must is a crafted post)");
        return fillable;
    }

    /// <summary>Types, ticks or picks <paramref name="values"/> as a person could: only offered options, only boxes that exist.</summary>
    private static void Fill(List<Control> fillable, string[] values, string pageUrl)
    {
        var name = fillable[0].Name;
        if (fillable.Any(c => c.Type == "radio") && fillable.Count(c => c.Type == "select") == 1 && fillable.All(c => c.Type is "radio" or "select") && values.Length == 1)
        {
            // One-tap chips and a list for the same field (the log forms' colleague): a person taps the chip when there is
            // one for her, else chooses her in the list; the other says nobody.
            var list = fillable.Single(c => c.Type == "select");
            var chip = fillable.FirstOrDefault(c => c.Type == "radio" && c.OwnValue == values[0]);
            foreach (var radio in fillable.Where(c => c.Type == "radio"))
            {
                radio.Values.Clear();
            }

            list.Values.Clear();
            if (chip is not null)
            {
                chip.Values.Add(chip.OwnValue);
                list.Values.Add(list.Options.First());
            }
            else
            {
                list.Options.ShouldContain(values[0], $"{pageUrl}: neither a chip nor the {name} list offers {values[0]}");
                list.Values.Add(values[0]);
            }

            return;
        }

        if (fillable.All(c => c.Type is "checkbox" or "radio"))
        {
            // Ticking the box (or radio) whose value it is; "false" or nothing unticks (its hidden "false" then speaks).
            var ticked = fillable.Where(c => values.Contains(c.OwnValue)).ToList();
            (ticked.Count == values.Length || values is ["false"]).ShouldBeTrue($"{pageUrl}: {name} offers no box or choice {string.Join(", ", values)}");
            // A group of same-named boxes (the working days) is left exactly as chosen: the others unticked, as a person would.
            var group = fillable.Count > 1 && fillable.All(c => c.Type == "checkbox");
            foreach (var control in fillable.Where(c => group || c.Type == "radio" || values.Length == 0 || values is ["false"] || ticked.Contains(c)))
            {
                control.Values.Clear();
                if (ticked.Contains(control))
                {
                    control.Values.Add(control.OwnValue);
                }
            }

            return;
        }

        if (fillable is [{ Element: IHtmlSelectElement { IsMultiple: true } } multiple])
        {
            values.ShouldAllBe(v => multiple.Options.Contains(v), $"{pageUrl}: the {name} list offers only {string.Join(", ", multiple.Options)}");
            multiple.Values.Clear();
            multiple.Values.AddRange(values);
            return;
        }

        // One value per field, in order (several selects of one name are filled one after another).
        (values.Length <= Math.Max(1, fillable.Count)).ShouldBeTrue($"{pageUrl}: the form has {fillable.Count} fields named {name}, not {values.Length}");
        if (values.Length == 0)
        {
            fillable[0].Values.Clear();
            return;
        }

        foreach (var (control, value) in fillable.Zip(values))
        {
            if (control.Type == "select")
            {
                control.Options.ShouldContain(value, $"{pageUrl}: the {name} list offers no option {value}");
            }

            control.Values.Clear();
            control.Values.Add(value);
        }
    }

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response) =>
        Parser.ParseDocument(await response.Content.ReadAsStringAsync());
}

/// <summary>A file a person picks for a form's file input.</summary>
public sealed record Upload(string FileName, byte[] Content, string ContentType = "text/csv");
