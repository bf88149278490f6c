using PhiGuard.Controls.Tests.Support;
using PhiGuard.Controls.Workloads;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Tests.Workloads;

public sealed class ReadonlyRootFilesystemTests
{
    private readonly ReadonlyRootFilesystem control = new();

    [Fact]
    public void Workloads_outside_phi_namespaces_are_not_judged()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("tools", phi: "false") + """
            apiVersion: v1
            kind: Pod
            metadata:
              name: shell
              namespace: tools
            spec:
              containers:
                - name: shell
                  image: registry.example.com/busybox:1.37
            """);
        var result = Scan.Run(control, yaml);
        Assert.Equal(Status.NotApplicable, result.Controls[0].Status);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Windows_pods_are_not_assessable()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("ehr") + """
            apiVersion: v1
            kind: Pod
            metadata:
              name: fax-gateway
              namespace: ehr
            spec:
              os:
                name: windows
              containers:
                - name: gateway
                  image: registry.example.com/fax-gateway:3.1
            """);
        var result = Scan.Run(control, yaml);
        Assert.Equal(Status.NotAssessable, result.Controls[0].Status);
    }

    [Fact]
    public void Each_offending_container_is_named_in_its_own_finding()
    {
        var yaml = YamlFixture.Parse(Yaml.Namespace("ehr") + """
            apiVersion: v1
            kind: Pod
            metadata:
              name: api
              namespace: ehr
            spec:
              containers:
                - name: app
                  image: registry.example.com/app:1
                - name: proxy
                  image: registry.example.com/proxy:1
                  securityContext:
                    readOnlyRootFilesystem: true
                - name: log-shipper
                  image: registry.example.com/shipper:1
            """);
        var failures = Scan.Run(control, yaml).Findings.Where(f => f.Status == Status.Fail).ToList();
        Assert.Equal(["spec.containers[0].securityContext.readOnlyRootFilesystem", "spec.containers[2].securityContext.readOnlyRootFilesystem"],
            failures.Select(f => f.Path));
        Assert.Contains("\"app\"", failures[0].Message, StringComparison.Ordinal);
        Assert.Contains("\"log-shipper\"", failures[1].Message, StringComparison.Ordinal);
    }
}
