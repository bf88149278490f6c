using System.Text.Encodings.Web;
using System.Text.Json;
using PhiGuard.Core.Analysis.Rbac;

namespace PhiGuard.Cli.Commands;

/// <summary>JSON for the rbac commands: deterministic (sorted as the model sorts, no timestamps).</summary>
internal static class RbacJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WhoCan(
        TextWriter w, AccessRequest request, bool allNamespaces, IReadOnlyList<SubjectGrants> who,
        IReadOnlyList<RbacBinding> unresolved, IEnumerable<RbacBinding> dangling) => Write(w, j =>
    {
        j.WriteStartObject();
        j.WriteStartObject("request");
        j.WriteString("verb", request.Verb);
        if (request.IsResourceRequest)
        {
            j.WriteString("apiGroup", request.Group);
            j.WriteString("resource", request.Resource);
            WriteOptional(j, "subresource", request.Subresource);
            WriteOptional(j, "name", request.Name);
            if (allNamespaces)
            {
                j.WriteBoolean("allNamespaces", true);
            }
            else
            {
                WriteOptional(j, "namespace", request.Namespace);
            }
        }
        else
        {
            j.WriteString("nonResourceURL", request.Path);
        }

        j.WriteEndObject();
        j.WriteStartArray("subjects");
        foreach (var s in who)
        {
            j.WriteStartObject();
            WriteSubjectFields(j, s.Subject);
            j.WriteStartArray("grants");
            foreach (var g in s.Grants)
            {
                WriteGrant(j, g);
            }

            j.WriteEndArray();
            j.WriteEndObject();
        }

        j.WriteEndArray();
        WriteBindings(j, "unresolvedBindings", unresolved);
        WriteBindings(j, "danglingBindings", dangling);
        j.WriteEndObject();
    });

    public static void Can(TextWriter w, RbacSubject subject, RbacIdentity identity, IReadOnlyList<Grant> grants, IReadOnlyList<RbacBinding> unresolved) =>
        Write(w, j =>
        {
            j.WriteStartObject();
            j.WriteStartObject("subject");
            WriteSubjectFields(j, subject);
            j.WriteEndObject();
            j.WriteStartObject("identity");
            WriteOptional(j, "user", identity.UserName);
            j.WriteStartArray("groups");
            foreach (var g in identity.Groups)
            {
                j.WriteStringValue(g);
            }

            j.WriteEndArray();
            j.WriteEndObject();
            j.WriteStartArray("scopes");
            foreach (var scope in grants.GroupBy(g => g.Namespace).OrderBy(g => g.Key ?? string.Empty, StringComparer.Ordinal))
            {
                j.WriteStartObject();
                if (scope.Key is null)
                {
                    j.WriteNull("namespace");
                }
                else
                {
                    j.WriteString("namespace", scope.Key);
                }

                j.WriteStartArray("rules");
                foreach (var g in scope)
                {
                    j.WriteStartObject();
                    Strings(j, "verbs", g.Rule.Verbs);
                    Strings(j, "apiGroups", g.Rule.ApiGroups);
                    Strings(j, "resources", g.Rule.Resources);
                    Strings(j, "resourceNames", g.Rule.ResourceNames);
                    Strings(j, "nonResourceURLs", g.Rule.NonResourceUrls);
                    WriteRef(j, "binding", g.Binding.Kind, g.Binding.Object.Namespace, g.Binding.Name);
                    WriteRef(j, "role", g.Role.Kind, g.Role.Namespace, g.Role.Name);
                    j.WriteEndObject();
                }

                j.WriteEndArray();
                j.WriteEndObject();
            }

            j.WriteEndArray();
            WriteBindings(j, "unresolvedBindings", unresolved);
            j.WriteEndObject();
        });

    public static void Paths(TextWriter w, IReadOnlyList<EscalationPath> paths) => Write(w, j =>
    {
        j.WriteStartObject();
        j.WriteStartArray("paths");
        foreach (var p in paths)
        {
            j.WriteStartObject();
            j.WriteString("capability", p.Capability.Id);
            j.WriteStartObject("subject");
            WriteSubjectFields(j, p.Subject);
            j.WriteEndObject();
            WriteOptional(j, "namespace", p.Namespace);
            WriteRef(j, "binding", p.Grant.Binding.Kind, p.Grant.Binding.Object.Namespace, p.Grant.Binding.Name);
            WriteRef(j, "role", p.Grant.Role.Kind, p.Grant.Role.Namespace, p.Grant.Role.Name);
            j.WriteNumber("ruleIndex", p.Grant.RuleIndex);
            j.WriteString("access", p.Access.ToString());
            j.WriteString("yields", p.Capability.Yields);
            j.WriteString("chain", p.Chain);
            j.WriteEndObject();
        }

        j.WriteEndArray();
        j.WriteEndObject();
    });

    private static void Write(TextWriter w, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var j = new Utf8JsonWriter(stream, Options))
        {
            body(j);
        }

        w.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static void WriteGrant(Utf8JsonWriter j, Grant g)
    {
        j.WriteStartObject();
        WriteRef(j, "binding", g.Binding.Kind, g.Binding.Object.Namespace, g.Binding.Name);
        WriteRef(j, "role", g.Role.Kind, g.Role.Namespace, g.Role.Name);
        j.WriteNumber("ruleIndex", g.RuleIndex);
        j.WriteEndObject();
    }

    private static void WriteSubjectFields(Utf8JsonWriter j, RbacSubject s)
    {
        j.WriteString("kind", s.Kind);
        WriteOptional(j, "namespace", s.Namespace);
        j.WriteString("name", s.Name);
    }

    private static void WriteRef(Utf8JsonWriter j, string property, string kind, string? ns, string name)
    {
        j.WriteStartObject(property);
        j.WriteString("kind", kind);
        WriteOptional(j, "namespace", kind is "RoleBinding" or "Role" ? ns : null);
        j.WriteString("name", name);
        j.WriteEndObject();
    }

    private static void WriteBindings(Utf8JsonWriter j, string property, IEnumerable<RbacBinding> bindings)
    {
        j.WriteStartArray(property);
        foreach (var b in bindings)
        {
            j.WriteStartObject();
            j.WriteString("kind", b.Kind);
            WriteOptional(j, "namespace", b.Namespace);
            j.WriteString("name", b.Name);
            WriteRef(j, "roleRef", b.RoleKind, b.Object.Namespace, b.RoleName);
            j.WriteEndObject();
        }

        j.WriteEndArray();
    }

    private static void Strings(Utf8JsonWriter j, string property, IReadOnlyList<string> values)
    {
        j.WriteStartArray(property);
        foreach (var v in values)
        {
            j.WriteStringValue(v);
        }

        j.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter j, string property, string? value)
    {
        if (value is not null)
        {
            j.WriteString(property, value);
        }
    }
}
