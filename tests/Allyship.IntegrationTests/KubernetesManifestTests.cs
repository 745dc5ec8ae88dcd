using System.Net;
using System.Text.RegularExpressions;

namespace Allyship.IntegrationTests;

/// <summary>
/// deploy/kubernetes/deployment.yaml probes the app's real health endpoints on the port the image listens on: renaming
/// an endpoint or changing ASPNETCORE_HTTP_PORTS in the Dockerfile without the manifest fails here, not in a cluster
/// whose pods never become ready.
/// </summary>
public sealed partial class KubernetesManifestTests(AppFixture app) : IClassFixture<AppFixture>
{
    // No YAML parser is referenced (Directory.Packages.props), and one is not worth a package for a few lines: the
    // manifest is read with patterns for the lines these checks need, which is enough for the file's plain block style.
    private static readonly string Deployment = File.ReadAllText(Path.Combine(Allyship.TestSupport.Repository.Root, "deploy", "kubernetes", "deployment.yaml"));

    private static readonly string Dockerfile = File.ReadAllText(Path.Combine(Allyship.TestSupport.Repository.Root, "Dockerfile"));

    [GeneratedRegex(@"^\s*(startupProbe|livenessProbe|readinessProbe):\s*\n\s*httpGet:\s*\n\s*path:\s*(\S+)\s*\n\s*port:\s*(\S+)", RegexOptions.Multiline)]
    private static partial Regex Probe();

    [GeneratedRegex(@"-\s*name:\s*(\S+)\s*\n\s*containerPort:\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex ContainerPort();

    [GeneratedRegex(@"ASPNETCORE_HTTP_PORTS=(\d+)")]
    private static partial Regex ImagePort();

    private static List<(string Kind, string Path, string Port)> Probes() =>
        [.. Probe().Matches(Deployment).Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value))];

    [Fact]
    public async Task Every_probe_of_the_deployment_answers_200_from_the_app()
    {
        var probes = Probes();
        probes.Select(p => p.Kind).Order().ShouldBe(["livenessProbe", "readinessProbe", "startupProbe"]);

        foreach (var (kind, path, _) in probes)
        {
            var response = await app.NewClient().GetAsync(new Uri(path, UriKind.Relative));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, $"{kind} GET {path}");
        }
    }

    [Fact]
    public void The_probes_and_the_container_port_are_the_port_the_image_listens_on()
    {
        var imagePort = ImagePort().Match(Dockerfile);
        imagePort.Success.ShouldBeTrue("the Dockerfile sets ASPNETCORE_HTTP_PORTS");

        var ports = ContainerPort().Matches(Deployment).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        ports.Values.ShouldBe([imagePort.Groups[1].Value]);

        foreach (var (kind, _, port) in Probes())
        {
            // A probe names the container's port or gives its number.
            (ports.TryGetValue(port, out var number) ? number : port).ShouldBe(imagePort.Groups[1].Value, $"{kind} port {port}");
        }
    }
}
