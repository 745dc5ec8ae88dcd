using System.Reflection;
using System.Reflection.Emit;
using Microsoft.AspNetCore.Razor.Hosting;

namespace Allyship.UnitTests;

/// <summary>
/// Which way dependencies point (CONVENTIONS.md, rule 15): page -> its slice -> the shared areas (<see cref="SharedAreas"/>)
/// -> Data; no folder under
/// Features depends on a folder that depends back on it; Infrastructure and Data know no feature. Read from the compiled
/// app, method bodies and Razor views included, so a fully qualified name or a type used only in a view counts too.
/// </summary>
public sealed class DependencyTests
{
    private static readonly Lazy<Dictionary<string, HashSet<string>>> Graph =
        new(() => AppDependencies.Read(typeof(Program).Assembly, typeof(Allyship.Web.Data.AllyshipDbContext).Assembly));

    [Fact]
    public void The_reader_sees_dependencies_from_method_bodies_and_views()
    {
        // If these were missing the other tests could not fail: the week page's view uses Pledge, the log handler Insights
        // (its rollup refresher).
        Graph.Value["Features.Week"].ShouldContain("Features.Pledge");
        Graph.Value["Features.Actions"].ShouldContain("Features.Insights");
        Graph.Value["Infrastructure"].ShouldContain("Data");
    }

    [Fact]
    public void No_feature_folder_depends_on_one_that_depends_back_on_it()
    {
        AppDependencies.Cycles(Graph.Value, node => node.StartsWith("Features.", StringComparison.Ordinal) ? node : null).ShouldBeEmpty();
    }

    [Fact]
    public void No_top_level_feature_folder_depends_on_one_that_depends_back_on_it()
    {
        // Admin.Programs -> Rollups -> Admin (its audit log) is a cycle between the Admin and Rollups folders.
        AppDependencies.Cycles(Graph.Value, node => node.StartsWith("Features.", StringComparison.Ordinal)
            ? string.Join('.', node.Split('.').Take(2))
            : null).ShouldBeEmpty();
    }

    [Fact]
    public void Infrastructure_depends_on_no_feature()
    {
        Graph.Value["Infrastructure"].Where(d => d.StartsWith("Features", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public void Data_depends_on_no_feature_and_no_infrastructure()
    {
        Graph.Value.Where(n => n.Key.StartsWith("Data", StringComparison.Ordinal))
            .SelectMany(n => n.Value.Where(d => !d.StartsWith("Data", StringComparison.Ordinal)).Select(d => $"{n.Key} -> {d}"))
            .ShouldBeEmpty();
    }

    /// <summary>
    /// Today's slice-to-slice edges (issue 32): each is a debt, to be paid by moving what both need down to a shared area
    /// (<see cref="SharedAreas"/>). A new edge fails here; an edge paid off must leave this list too, so it cannot come back unnoticed.
    /// </summary>
    private static readonly string[] KnownSliceEdges =
    [
        "Features.Invite -> Features.Welcome",
        "Features.Welcome -> Features.Preferences",
        "Features.Welcome -> Features.Reminders",
    ];

    /// <summary>
    /// The feature folders several slices build on; each knows no slice, and none depends on one that depends back on it.
    /// </summary>
    private static readonly string[] SharedAreas =
    [
        "Features.Pledge", // the pledge itself: weeks, the program calendar, targets, streaks, fiscal quarters, planned coffees
        "Features.Insights", // the numbers: weekly rollups and their refresher, dashboard caches, voice, spread, outcomes, pulse
        "Features.People", // accounts: access and roles, sign-in, security events, the audit log, personal data and retention
        "Features.Chat", // shout-outs posted to a program's Slack or Teams channel
        "Features.Notifications", // notifications on a person's devices (Web Push): her devices, the push outbox and its sender
        "Features.Shared", // what pages share on screen: the layout, partials, form helpers, words; and a colleague's signed links
    ];

    private static bool IsShared(string node) => SharedAreas.Any(area => node == area || node.StartsWith(area + ".", StringComparison.Ordinal));

    /// <summary>
    /// Entry points call slices, as pages do and as Program.cs and RecurringJobs (the Features namespace itself) do: the
    /// command line runs create-admin, retry-failed-emails, seed-demo and roll-up through the slices that own them, and
    /// the chat apps (Slack's /pledge and buttons, the Teams command) log and answer through the log and voice slices.
    /// </summary>
    private static readonly string[] EntryPoints = ["Features.Commands", "Features.ChatApps"];

    /// <summary>A slice is a feature folder other than the shared ones; edges inside one top-level folder (Admin's pages) don't count.</summary>
    private static bool IsSlice(string node) => node.StartsWith("Features.", StringComparison.Ordinal) && !IsShared(node) && !EntryPoints.Contains(node);

    private static string Area(string node) => string.Join('.', node.Split('.').Take(2));

    [Fact]
    public void No_slice_uses_another_beyond_the_known_edges_and_every_known_edge_is_still_there()
    {
        var edges = Graph.Value.Where(n => IsSlice(n.Key))
            .SelectMany(n => n.Value.Where(d => IsSlice(d) && Area(d) != Area(n.Key)).Select(d => $"{n.Key} -> {d}"))
            .Distinct().Order(StringComparer.Ordinal).ToList();

        edges.Except(KnownSliceEdges).ShouldBeEmpty("a new slice-to-slice edge: move what both need down to Pledge or Shared");
        KnownSliceEdges.Except(edges).ShouldBeEmpty("an edge that is gone: take it off the list");
    }

    [Fact]
    public void Nothing_under_Features_depends_on_an_entry_point()
    {
        Graph.Value.Where(n => n.Key.StartsWith("Features.", StringComparison.Ordinal) && !EntryPoints.Contains(n.Key))
            .SelectMany(n => n.Value.Where(EntryPoints.Contains).Select(d => $"{n.Key} -> {d}"))
            .ShouldBeEmpty();
    }

    [Fact]
    public void Shared_areas_depend_on_no_slice()
    {
        Graph.Value.Where(n => IsShared(n.Key))
            .SelectMany(n => n.Value.Where(d => d.StartsWith("Features", StringComparison.Ordinal) && !IsShared(d)).Select(d => $"{n.Key} -> {d}"))
            .ShouldBeEmpty();
    }
}

/// <summary>The namespaces each folder of the app uses, read from IL and Razor's compiled views.</summary>
internal static class AppDependencies
{
    private const string Root = "Allyship.Web.";

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The app's folders and what each uses; the model's assembly (Allyship.Data) is read as the folder "Data".</summary>
    public static Dictionary<string, HashSet<string>> Read(params Assembly[] assemblies)
    {
        var views = assemblies.SelectMany(a => a.GetCustomAttributes<RazorCompiledItemAttribute>())
            .ToDictionary(a => a.Type, a => FolderOfView(a.Identifier));
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            if (NodeOf(type, views) is not { } from)
            {
                continue;
            }

            var edges = graph.TryGetValue(from, out var e) ? e : graph[from] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var used in Used(type))
            {
                if (assemblies.Contains(used.Assembly) && NodeOf(used, views) is { } to && to != from)
                {
                    edges.Add(to);
                }
            }
        }

        return graph;
    }

    /// <summary>Every cycle, as "A -> B -> A", among the nodes <paramref name="group"/> maps (null leaves a node out).</summary>
    public static List<string> Cycles(Dictionary<string, HashSet<string>> graph, Func<string, string?> group)
    {
        var grouped = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (from, tos) in graph)
        {
            if (group(from) is not { } f)
            {
                continue;
            }

            var edges = grouped.TryGetValue(f, out var e) ? e : grouped[f] = new HashSet<string>(StringComparer.Ordinal);
            edges.UnionWith(tos.Select(group).OfType<string>().Where(t => t != f));
        }

        var cycles = new List<string>();
        foreach (var start in grouped.Keys.Order(StringComparer.Ordinal))
        {
            // A path back to start through nodes after it in order reports each cycle once.
            var path = new Stack<string>();
            Walk(start);

            void Walk(string node)
            {
                path.Push(node);
                foreach (var next in grouped.GetValueOrDefault(node, []).Order(StringComparer.Ordinal))
                {
                    if (next == start)
                    {
                        cycles.Add(string.Join(" -> ", path.Reverse().Append(start)));
                    }
                    else if (string.CompareOrdinal(next, start) > 0 && !path.Contains(next) && cycles.Count < 50)
                    {
                        Walk(next);
                    }
                }

                path.Pop();
            }
        }

        return cycles;
    }

    private static string FolderOfView(string identifier) =>
        string.Join('.', identifier.Trim('/').Split('/').SkipLast(1));

    /// <summary>The folder a type belongs to ("Features.Admin.Programs", "Infrastructure", "Data"); null for the composition root and compiler types.</summary>
    private static string? NodeOf(Type type, Dictionary<Type, string> views)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        if (views.TryGetValue(type, out var folder))
        {
            return folder;
        }

        var ns = type.Namespace;
        if (ns is null || !ns.StartsWith(Root, StringComparison.Ordinal))
        {
            return null; // Program, anonymous types, Razor's generated helpers
        }

        var node = ns[Root.Length..];
        return node switch
        {
            _ when node.StartsWith("Infrastructure", StringComparison.Ordinal) => "Infrastructure",
            _ when node.StartsWith("Data", StringComparison.Ordinal) => "Data",
            _ => node,
        };
    }

    private static List<Type> Used(Type type)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var found = new List<Type>();
        void Add(Type? t)
        {
            if (t is null)
            {
                return;
            }

            if (t.HasElementType)
            {
                Add(t.GetElementType());
                return;
            }

            found.Add(t);
            if (t.IsGenericType && !t.IsGenericTypeDefinition)
            {
                foreach (var arg in t.GetGenericArguments())
                {
                    Add(arg);
                }
            }
        }

        Add(type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(i);
        }

        foreach (var f in type.GetFields(all))
        {
            Add(f.FieldType);
        }

        foreach (var p in type.GetProperties(all))
        {
            Add(p.PropertyType);
        }

        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method is MethodInfo info)
            {
                Add(info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(parameter.ParameterType);
            }

            foreach (var local in method.GetMethodBody()?.LocalVariables ?? [])
            {
                Add(local.LocalType);
            }

            foreach (var member in MembersInBody(method))
            {
                Add(member as Type ?? member.DeclaringType);
                switch (member)
                {
                    case MethodInfo m:
                        Add(m.ReturnType);
                        foreach (var arg in m.IsGenericMethod ? m.GetGenericArguments() : [])
                        {
                            Add(arg);
                        }

                        break;
                    case FieldInfo f:
                        Add(f.FieldType);
                        break;
                }
            }
        }

        foreach (var nested in type.GetNestedTypes(all))
        {
            found.AddRange(Used(nested));
        }

        return found;
    }

    /// <summary>The types, methods and fields a method body's instructions name.</summary>
    private static IEnumerable<MemberInfo> MembersInBody(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var i = 0;
        while (i < il.Length)
        {
            short value = il[i++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[i++]);
            }

            if (!OpCodesByValue.TryGetValue(value, out var op))
            {
                yield break; // not an instruction we know: stop rather than misread
            }

            switch (op.OperandType)
            {
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    var token = BitConverter.ToInt32(il, i);
                    i += 4;
                    MemberInfo? member;
                    try
                    {
                        member = method.Module.ResolveMember(token, typeArgs, methodArgs);
                    }
                    catch (ArgumentException)
                    {
                        member = null;
                    }

                    if (member is not null)
                    {
                        yield return member;
                    }

                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    var count = BitConverter.ToInt32(il, i);
                    i += 4 + (4 * count);
                    break;
                default:
                    i += 4;
                    break;
            }
        }
    }
}
