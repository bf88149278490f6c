using PhiGuard.Core.Analysis.ControlPlane;
using PhiGuard.Core.Tests.Support;

namespace PhiGuard.Core.Tests.Analysis;

/// <summary>Flags read the way Go's pflag reads a component's command line.</summary>
public sealed class ComponentFlagsTests
{
    private static readonly HashSet<string> Booleans = new(StringComparer.Ordinal) { "anonymous-auth" };

    [Fact]
    public void Equals_and_space_forms_give_the_same_value()
    {
        var f = Parse("kube-apiserver", "--authorization-mode=Node,RBAC", "--audit-log-path", "/var/log/audit.log");
        Assert.Equal(["Node", "RBAC"], f.List("authorization-mode"));
        Assert.Equal("/var/log/audit.log", f.Value("audit-log-path"));
        Assert.Equal("args[2]", f.Last("audit-log-path")!.Path);
    }

    [Fact]
    public void Boolean_flag_takes_no_separate_value()
    {
        var f = Parse("--anonymous-auth", "false", "--profiling=false");
        Assert.Equal(true, f.Bool("anonymous-auth", defaultValue: false));
        Assert.Equal(false, f.Bool("profiling", defaultValue: true));
    }

    [Fact]
    public void Absent_flag_takes_the_default()
    {
        var f = Parse("kube-apiserver");
        Assert.Equal(true, f.Bool("anonymous-auth", defaultValue: true));
        Assert.Null(f.Value("anonymous-auth"));
    }

    [Fact]
    public void Last_scalar_wins_and_lists_accumulate()
    {
        var f = Parse("--anonymous-auth=false", "--anonymous-auth=true", "--enable-admission-plugins=A,B", "--enable-admission-plugins=C");
        Assert.Equal(true, f.Bool("anonymous-auth", defaultValue: false));
        Assert.Equal(["A", "B", "C"], f.List("enable-admission-plugins"));
    }

    [Fact]
    public void Unparsable_boolean_is_null()
    {
        Assert.Null(Parse("--anonymous-auth=maybe").Bool("anonymous-auth", defaultValue: false));
    }

    /// <summary>
    /// kube-apiserver's <c>--v</c> is an int and <c>--strict-transport-security-directives</c> a string list
    /// (kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/): the space form takes the next
    /// argument as the value, unlike a bool flag. The view once listed both as booleans, reading <c>--v 2</c> as
    /// v=true plus a stray "2".
    /// </summary>
    [Fact]
    public void Apiserver_int_and_list_flags_take_the_next_argument()
    {
        var inventory = Objects.Inventory("""
            [{"apiVersion":"v1","kind":"Pod","metadata":{"name":"kube-apiserver-cp-1","namespace":"kube-system"},
              "spec":{"containers":[{"name":"kube-apiserver","image":"registry.k8s.io/kube-apiserver:v1.35.1",
                "command":["kube-apiserver","--v","2","--strict-transport-security-directives","max-age=31536000","--anonymous-auth","--profiling=false"]}]}}]
            """);
        var api = Assert.Single(ControlPlaneView.Of(inventory).ApiServers);
        Assert.Equal("2", api.Flags.Value("v"));
        Assert.Equal(["max-age=31536000"], api.Flags.List("strict-transport-security-directives"));
        Assert.Equal(true, api.Flags.Bool("anonymous-auth", defaultValue: false));
        Assert.Equal(false, api.Flags.Bool("profiling", defaultValue: true));
    }

    private static ComponentFlags Parse(params string[] args) =>
        ComponentFlags.Parse(args.Select((a, i) => (a, $"args[{i}]")).ToList(), Booleans);
}
