using PhiGuard.Controls.Availability;
using PhiGuard.Controls.Tests.Support;
using PhiGuard.Core.Engine;

namespace PhiGuard.Controls.Tests.Availability;

public sealed class PhiDisruptionBudgetTests
{
    private readonly PhiDisruptionBudget control = new();

    [Theory]
    [InlineData(3, "maxUnavailable: 1", Status.Pass)]
    [InlineData(3, "maxUnavailable: 2", Status.Pass)]
    [InlineData(3, "maxUnavailable: 3", Status.Fail)] // all replicas may go at once
    [InlineData(3, "maxUnavailable: 0", Status.Fail)] // drains block
    [InlineData(3, "minAvailable: 2", Status.Pass)]
    [InlineData(3, "minAvailable: 3", Status.Fail)]
    [InlineData(3, "minAvailable: 0", Status.Fail)]
    [InlineData(4, "minAvailable: \"50%\"", Status.Pass)] // 2 of 4 may go
    [InlineData(3, "minAvailable: \"100%\"", Status.Fail)]
    [InlineData(3, "maxUnavailable: \"34%\"", Status.Pass)] // rounds up to 2
    [InlineData(2, "maxUnavailable: \"50%\"", Status.Pass)]
    [InlineData(1, "maxUnavailable: 1", Status.Fail)] // one replica: no budget can keep it up
    public void Budget_allows_between_one_and_all_but_one_eviction(int replicas, string budget, Status expected)
    {
        var result = Scan.Run(control, YamlFixture.Parse(Served(replicas) + $"""
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata:
              name: api
              namespace: ehr
            spec:
              {budget}
              selector:
                matchLabels:
                  app: api
            """));
        Assert.Equal(expected, result.Controls[0].Status);
    }

    [Fact]
    public void Two_budgets_on_the_same_pods_fail()
    {
        var budget = (string name) => $"""
            ---
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata:
              name: {name}
              namespace: ehr
            spec:
              maxUnavailable: 1
              selector:
                matchLabels:
                  app: api

            """;
        var result = Scan.Run(control, YamlFixture.Parse(Served(3) + budget("api") + budget("api-extra")));
        var failure = Assert.Single(result.Findings, f => f.Status == Status.Fail);
        Assert.Contains("2 PodDisruptionBudgets", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Workloads_no_service_selects_are_not_judged()
    {
        var yaml = Served(1).Replace("app: api\n  ports", "app: other\n  ports", StringComparison.Ordinal);
        var result = Scan.Run(control, YamlFixture.Parse(yaml));
        Assert.Equal(Status.NotApplicable, result.Controls[0].Status);
    }

    private static string Served(int replicas) => Yaml.Namespace("ehr") + $"""
        apiVersion: v1
        kind: Service
        metadata:
          name: api
          namespace: ehr
        spec:
          selector:
            app: api
          ports:
            - port: 443
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: api
          namespace: ehr
        spec:
          replicas: {replicas}
          selector:
            matchLabels:
              app: api
          template:
            metadata:
              labels:
                app: api
            spec:
              containers:
                - name: api
                  image: registry.example.com/api:1.0

        """;
}
