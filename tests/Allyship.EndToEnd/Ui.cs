using System.Text.Json;
using Microsoft.Playwright;

namespace Allyship.EndToEnd;

/// <summary>
/// One person at one browser: clicks and types with the mouse, or with the keyboard alone (Tab to reach a control,
/// Enter or Space to use it, typing to fill it). Every page reached is checked with axe-core (serious and critical
/// violations), and every control reached by Tab must show a visible focus indicator.
/// </summary>
public sealed class Ui(IPage page, Input input, Viewport viewport)
{
    private static readonly string AxeScript = Path.Combine(AppContext.BaseDirectory, "axe.min.js");

    /// <summary>Pages already audited in this run, by path (ids as {id}), size, title and state: journeys revisit the same pages.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> Audited = new();
    private readonly List<string> _axe = [];
    private readonly List<string> _focus = [];
    private readonly List<string> _layout = [];
    private readonly HashSet<string> _audited = [];

    public IPage Page => page;

    public Input Input => input;

    public Viewport Viewport => viewport;

    public IReadOnlyCollection<string> AuditedPages => _audited;

    public ILocator Locate(string selector) => page.Locator(selector);

    public ILocator Button(string name) => page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public ILocator Link(string name) => page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public ILocator Field(string label) => page.GetByLabel(label, new() { Exact = true });

    /// <summary>Signs in through the sign-in page, as the person would.</summary>
    public async Task SignInAsync(string email, string password)
    {
        await GoAsync("/account/sign-in");
        await FillAsync(Field("Email"), email);
        await FillAsync(Field("Password"), password);
        await FollowAsync(Button("Sign in"));
        page.Url.ShouldNotContain("/account/sign-in", Case.Insensitive, "sign-in failed");
    }

    /// <summary>Opens an address as a person would type it or follow it from an email.</summary>
    public async Task GoAsync(string url, int status = 200)
    {
        var response = await page.GotoAsync(url);
        response.ShouldNotBeNull();
        response.Status.ShouldBe(status, $"GET {url}");
        await AuditAsync();
    }

    /// <summary>Follows a link or submits a form and waits for the next page, then audits it.</summary>
    public async Task FollowAsync(ILocator target)
    {
        // A marker on the old document: the next page is loaded when a document without it is complete.
        await page.EvaluateAsync("() => { window.__leaving = true; }");
        await ActivateAsync(target);
        await page.WaitForFunctionAsync("() => !window.__leaving && document.readyState === 'complete'");
        await AuditAsync();
    }

    public async Task<IDownload> DownloadAsync(ILocator target) =>
        await page.RunAndWaitForDownloadAsync(() => ActivateAsync(target));

    public async Task FillAsync(ILocator field, string text)
    {
        if (input == Input.Mouse)
        {
            await field.FillAsync(text);
            return;
        }

        await TabToAsync(field);
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.PressAsync("Delete");
        await page.Keyboard.TypeAsync(text);
        (await field.InputValueAsync()).ShouldBe(text);
    }

    /// <summary>Fills a date input; the keyboard types the digits in the order the field shows (day first, else month first).</summary>
    public async Task FillDateAsync(ILocator field, DateOnly date)
    {
        if (input == Input.Mouse)
        {
            await field.FillAsync(date.ToString("yyyy-MM-dd"));
            return;
        }

        await TabToAsync(field);
        await page.Keyboard.TypeAsync(date.ToString("ddMMyyyy"));
        if (await field.InputValueAsync() != date.ToString("yyyy-MM-dd"))
        {
            // Chromium's field order follows its own UI language, not the page's: back to the first part, month first.
            await page.Keyboard.PressAsync("Shift+Tab");
            await page.Keyboard.PressAsync("Shift+Tab");
            await page.Keyboard.TypeAsync(date.ToString("MMddyyyy"));
        }

        (await field.InputValueAsync()).ShouldBe(date.ToString("yyyy-MM-dd"));
    }

    /// <summary>Fills a time input (24-hour, as en-GB shows it).</summary>
    public async Task FillTimeAsync(ILocator field, TimeOnly time)
    {
        if (input == Input.Mouse)
        {
            await field.FillAsync(time.ToString("HH:mm"));
            return;
        }

        await TabToAsync(field);
        await page.Keyboard.TypeAsync(time.ToString("HHmm"));
        (await field.InputValueAsync()).ShouldBe(time.ToString("HH:mm"));
    }

    /// <summary>Chooses the option whose text contains <paramref name="text"/>; the keyboard walks to it with the arrow keys.</summary>
    public async Task SelectAsync(ILocator select, string text)
    {
        var value = await select.Locator("option", new() { HasText = text }).First.GetAttributeAsync("value");
        value.ShouldNotBeNull($"no option with \"{text}\"");
        if (input == Input.Mouse)
        {
            await select.SelectOptionAsync(value);
            return;
        }

        await TabToAsync(select);
        var options = await select.Locator("option").CountAsync();
        await page.Keyboard.PressAsync("Home");
        for (var i = 0; i <= options && await select.InputValueAsync() != value; i++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        (await select.InputValueAsync()).ShouldBe(value, $"the arrow keys did not reach \"{text}\"");
    }

    /// <summary>Goes to a place in the menu: a tab when it is one, else under More (opened first, as a person would).</summary>
    public async Task MenuAsync(string label)
    {
        var link = page.Locator("#app-nav").GetByRole(AriaRole.Link, new() { Name = label, Exact = true });
        if (!await link.IsVisibleAsync())
        {
            await OpenAsync(page.Locator("#more-menu > summary"));
        }

        await FollowAsync(link);
    }

    /// <summary>
    /// Chooses the colleague in a log form (<paramref name="form"/>): taps her chip when the form offers one (the people
    /// met last and the chosen ones), else picks her in the list. Nobody is chosen before: the form must say so.
    /// </summary>
    public async Task ChooseColleagueAsync(ILocator form, string name, int id)
    {
        var list = form.Locator("select[name='Input.ColleagueId']");
        (await list.InputValueAsync()).ShouldBe("", "a log form chooses nobody for the mentor");
        await Assertions.Expect(form.Locator("input.chip-input:checked")).ToHaveCountAsync(0);
        var chip = form.Locator("label.chip", new() { HasText = name });
        if (await chip.CountAsync() == 0)
        {
            await SelectAsync(list, name);
            return;
        }

        var radio = form.Locator($"input.chip-input[value='{id}']");
        if (input == Input.Mouse)
        {
            await chip.ClickAsync();
        }
        else
        {
            await TabToAsync(radio);
            await page.Keyboard.PressAsync("Space");
        }

        (await radio.IsCheckedAsync()).ShouldBeTrue();
    }

    public async Task SetCheckedAsync(ILocator checkbox, bool on)
    {
        if (await checkbox.IsCheckedAsync() == on)
        {
            return;
        }

        if (input == Input.Mouse)
        {
            await checkbox.SetCheckedAsync(on);
            return;
        }

        await TabToAsync(checkbox);
        await page.Keyboard.PressAsync("Space");
        (await checkbox.IsCheckedAsync()).ShouldBe(on);
    }

    /// <summary>Opens a closed &lt;details&gt; (a summary is a control too).</summary>
    public async Task OpenAsync(ILocator summary)
    {
        var details = summary.Locator("..");
        if (await details.GetAttributeAsync("open") is not null)
        {
            return;
        }

        await ActivateAsync(summary);
    }

    public async Task ActivateAsync(ILocator target)
    {
        if (input == Input.Mouse)
        {
            await target.ClickAsync();
            return;
        }

        await TabToAsync(target);
        await page.Keyboard.PressAsync("Enter");
    }

    /// <summary>Presses Tab until the target has focus (as a keyboard user would), checking each stop shows its focus.</summary>
    public async Task TabToAsync(ILocator target)
    {
        var element = await target.ElementHandleAsync();
        for (var presses = 0; presses < 400; presses++)
        {
            if (await element.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
            var invisible = await page.EvaluateAsync<string?>(FocusCheck);
            if (invisible is not null)
            {
                _focus.Add($"{page.Url}: {invisible}");
            }
        }

        throw new ShouldAssertException($"Tab never reached {target} on {page.Url}: it cannot be used with the keyboard alone.");
    }

    /// <summary>The focused control, if it has no visible focus indicator (no outline and no focus ring shadow).</summary>
    private const string FocusCheck = """
        () => {
          const e = document.activeElement;
          if (!e || e === document.body || e === document.documentElement) return null;
          // The calendar button inside a date field takes focus without the field matching :focus; site.css rings it.
          if (e.matches('input[type=date], input[type=time]') && !e.matches(':focus')) return null;
          const s = getComputedStyle(e);
          const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
          const ring = s.boxShadow && s.boxShadow !== 'none';
          if (outline || ring) return null;
          return `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} "${(e.textContent || e.getAttribute('name') || '').trim().slice(0, 40)}"`;
        }
        """;

    /// <summary>Runs axe-core on the page (mouse runs only: the keyboard runs visit the same pages).</summary>
    public async Task AuditAsync()
    {
        if (input == Input.Keyboard)
        {
            return;
        }

        var path = new Uri(page.Url).AbsolutePath;
        _audited.Add(path);
        // A page in another state (an empty state, an alert, a status message) is audited again.
        var state = await page.EvaluateAsync<string>("() => [...document.querySelectorAll('.empty-state, .empty-hint, [role=alert], [role=status]')].map(e => e.className).join(',')");
        var key = $"{System.Text.RegularExpressions.Regex.Replace(path, "[0-9]+", "{id}")} {viewport} {await page.TitleAsync()} {state}";
        if (!Audited.TryAdd(key, true))
        {
            return;
        }

        await page.AddScriptTagAsync(new() { Path = AxeScript });
        var found = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { resultTypes: ['violations'] });
              return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
            }
            """);
        foreach (var v in found.EnumerateArray())
        {
            _axe.Add($"{path} ({viewport}): {v.GetString()}");
        }

        foreach (var problem in (await page.EvaluateAsync<JsonElement>(LayoutCheck)).EnumerateArray())
        {
            _layout.Add($"{path} ({viewport}): {problem.GetString()}");
        }
    }

    /// <summary>
    /// The page keeps to the viewport (no sideways scrolling) and no word is broken inside: each word's rendered line
    /// boxes are compared, and a word drawn on two lines is a finding. Below 1200 px, emails and addresses (.breakable,
    /// or text with @) may break where a line can't hold them; at a computer's width they must fit. A break at a hyphen
    /// or slash is a normal line break.
    /// </summary>
    private const string LayoutCheck = """
        () => {
          const problems = [];
          const width = document.documentElement.clientWidth;
          if (document.documentElement.scrollWidth > width + 1) {
            const wide = [...document.querySelectorAll('body *')].find(e => {
              const r = e.getBoundingClientRect();
              return r.width > 0 && r.right > width + 1 && !e.closest('.table-responsive, .visually-hidden, .skip-link, canvas');
            });
            problems.push(`scrolls sideways: ${document.documentElement.scrollWidth}px wide in ${width}px` +
              (wide ? ` (${wide.tagName.toLowerCase()}${wide.id ? '#' + wide.id : ''}.${[...wide.classList].join('.')})` : ''));
          }
          const root = document.body;
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          const range = document.createRange();
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const el = n.parentElement;
            // On a computer's width (1200 px and up) even an email address must fit its column (issue 36); narrower, it may break.
            const wide = width >= 1200;
            if (!el || el.closest('script, style, .visually-hidden, option, select, textarea, code, pre, svg, .skip-link')) continue;
            if (!wide && el.closest('.breakable')) continue;
            const text = n.textContent;
            if (!wide && text.includes('@')) continue;
            const words = /[^\s\-–—\/·,;:()]+/g;
            let m;
            while ((m = words.exec(text))) {
              if (m[0].length < 2 || ((m[0].includes('.') || m[0].includes('_')) && !(wide && m[0].includes('@')))) continue;
              range.setStart(n, m.index);
              range.setEnd(n, m.index + m[0].length);
              const rects = [...range.getClientRects()].filter(r => r.width > 0 && r.height > 0);
              if (rects.length > 1 && Math.abs(rects[0].top - rects[rects.length - 1].top) > 2) {
                problems.push(`word broken inside: "${m[0]}" in ${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ').join('.') : ''}`);
                break;
              }
            }
            if (problems.length > 10) break;
          }
          return problems;
        }
        """;

    /// <summary>Fails with every accessibility and focus finding of the journey.</summary>
    public void ShouldBeAccessible()
    {
        _axe.ShouldBeEmpty("axe-core found serious or critical violations:\n" + string.Join("\n", _axe));
        _layout.ShouldBeEmpty("pages that scroll sideways or break a word inside:\n" + string.Join("\n", _layout));
        _focus.Distinct().ShouldBeEmpty("controls without a visible focus indicator:\n" + string.Join("\n", _focus.Distinct()));
    }

    /// <summary>Writes the page's screenshot for the README and returns the PNG, so a test can check what was taken.</summary>
    public async Task<byte[]> ScreenshotAsync(string name)
    {
        var folder = Screenshots.Folder;
        Directory.CreateDirectory(folder);
        return await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{viewport.Name}.png"), FullPage = true });
    }
}

/// <summary>Where the browser run writes the README's screenshots: docs/screenshots in the repository.</summary>
public static class Screenshots
{
    public static string Folder { get; } = Path.Combine(Allyship.TestSupport.Repository.Root, "docs", "screenshots");
}
