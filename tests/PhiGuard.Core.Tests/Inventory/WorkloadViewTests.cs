using PhiGuard.Core.Inventory;
using PhiGuard.Core.Tests.Support;

namespace PhiGuard.Core.Tests.Inventory;

public sealed class WorkloadViewTests
{
    [Fact]
    public void Owned_replica_sets_and_pods_are_not_counted_twice()
    {
        var inventory = Objects.Inventory("""
            [
              {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"api","namespace":"ehr","uid":"d1"},
               "spec":{"template":{"spec":{"containers":[{"name":"a","image":"x"}]}}}},
              {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"api-1","namespace":"ehr","uid":"r1",
                "ownerReferences":[{"apiVersion":"apps/v1","kind":"Deployment","name":"api","uid":"d1","controller":true}]},
               "spec":{"template":{"spec":{"containers":[{"name":"a","image":"x"}]}}}},
              {"apiVersion":"v1","kind":"Pod","metadata":{"name":"api-1-x","namespace":"ehr",
                "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"api-1","uid":"r1","controller":true}]},
               "spec":{"containers":[{"name":"a","image":"x"}]}}
            ]
            """);
        var w = Assert.Single(WorkloadView.Build(inventory));
        Assert.Equal("Deployment", w.Object.Kind);
        Assert.Equal("spec.template.spec", w.PodSpecPath);
    }

    [Fact]
    public void Pods_whose_owner_is_absent_or_not_a_controller_are_kept()
    {
        var inventory = Objects.Inventory("""
            [
              {"apiVersion":"v1","kind":"Pod","metadata":{"name":"orphan","namespace":"ehr",
                "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"gone","uid":"r9","controller":true}]},
               "spec":{"containers":[{"name":"a","image":"x"}]}},
              {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"rs","namespace":"ehr","uid":"r1"},
               "spec":{"template":{"spec":{"containers":[{"name":"a","image":"x"}]}}}},
              {"apiVersion":"v1","kind":"Pod","metadata":{"name":"adopted","namespace":"ehr",
                "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"r1","controller":false}]},
               "spec":{"containers":[{"name":"a","image":"x"}]}}
            ]
            """);
        Assert.Equal(["orphan", "rs", "adopted"], WorkloadView.Build(inventory).Select(w => w.Object.Name));
    }

    [Fact]
    public void Owner_matched_by_name_when_manifests_have_no_uids()
    {
        var inventory = Objects.Inventory("""
            [
              {"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"rs","namespace":"ehr"},
               "spec":{"template":{"spec":{"containers":[{"name":"a","image":"x"}]}}}},
              {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ehr",
                "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","controller":true}]},
               "spec":{"containers":[{"name":"a","image":"x"}]}}
            ]
            """);
        Assert.Equal("ReplicaSet", Assert.Single(WorkloadView.Build(inventory)).Object.Kind);
    }

    [Fact]
    public void CronJob_owns_its_jobs_and_their_pods()
    {
        var inventory = Objects.Inventory("""
            [
              {"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"export","namespace":"ehr","uid":"c1"},
               "spec":{"schedule":"0 2 * * *","jobTemplate":{"spec":{"template":{"spec":{"containers":[{"name":"e","image":"x"}]}}}}}},
              {"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"export-1","namespace":"ehr","uid":"j1",
                "ownerReferences":[{"apiVersion":"batch/v1","kind":"CronJob","name":"export","uid":"c1","controller":true}]},
               "spec":{"template":{"spec":{"containers":[{"name":"e","image":"x"}]}}}},
              {"apiVersion":"v1","kind":"Pod","metadata":{"name":"export-1-abc","namespace":"ehr",
                "ownerReferences":[{"apiVersion":"batch/v1","kind":"Job","name":"export-1","uid":"j1","controller":true}]},
               "spec":{"containers":[{"name":"e","image":"x"}]}}
            ]
            """);
        var w = Assert.Single(WorkloadView.Build(inventory));
        Assert.Equal("CronJob", w.Object.Kind);
        Assert.Equal("spec.jobTemplate.spec.template.spec", w.PodSpecPath);
        Assert.Equal("spec.jobTemplate.spec.template.spec.containers[0]", Assert.Single(w.Containers).Path);
    }

    [Fact]
    public void Unknown_kinds_with_a_pod_template_are_workloads()
    {
        var inventory = Objects.Inventory("""
            [
              {"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"name":"portal","namespace":"ehr"},
               "spec":{"template":{"metadata":{"labels":{"app":"portal"}},"spec":{"containers":[{"name":"web","image":"x"}]}}}},
              {"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w","namespace":"ehr"},
               "spec":{"template":{"spec":{"replicas":2}}}},
              {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"ehr"},"data":{"a":"b"}}
            ]
            """);
        var w = Assert.Single(WorkloadView.Build(inventory));
        Assert.Equal("Rollout", w.Object.Kind);
        Assert.Equal("spec.template.spec", w.PodSpecPath);
        Assert.NotNull(w.PodMetadata);
    }

    [Fact]
    public void Containers_are_init_then_regular_then_ephemeral_with_paths()
    {
        var pod = Objects.Parse("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ehr"},
             "spec":{"initContainers":[{"name":"i","image":"x"}],"containers":[{"name":"a","image":"x"},{"image":"x"}],
                     "ephemeralContainers":[{"name":"dbg","image":"x"}]}}
            """);
        var containers = WorkloadView.TryGetWorkload(pod)!.Containers.ToList();
        Assert.Equal(["i", "a", "#1", "dbg"], containers.Select(c => c.Name));
        Assert.Equal([ContainerType.Init, ContainerType.Regular, ContainerType.Regular, ContainerType.Ephemeral], containers.Select(c => c.Type));
        Assert.Equal(
            ["spec.initContainers[0]", "spec.containers[0]", "spec.containers[1]", "spec.ephemeralContainers[0]"],
            containers.Select(c => c.Path));
    }
}
