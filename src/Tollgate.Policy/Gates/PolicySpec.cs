using System.Text.Json.Nodes;

namespace Tollgate.Policy.Gates;

/// <summary>
/// The registry described in Anchore's policy_spec shape ({name, description, state, superceded_by, triggers:[…
/// parameters:[{name, description, example, required, validator, state}]]}), plus Tollgate's message, remediation,
/// controls and extension flag. Generated from the same declarations that evaluate.
/// </summary>
public static class PolicySpec
{
    public static JsonArray Build(GateRegistry registry) =>
        new([.. registry.Gates.Select(g => (JsonNode)new JsonObject
        {
            ["name"] = g.Name,
            ["description"] = g.Description,
            ["state"] = State(g.State),
            ["superceded_by"] = g.SupersededBy,
            ["extension"] = g.IsExtension,
            ["triggers"] = new JsonArray([.. g.Triggers.Select(t => (JsonNode)new JsonObject
            {
                ["name"] = t.Name,
                ["description"] = t.Description,
                ["state"] = State(t.State),
                ["message"] = t.MessageTemplate,
                ["remediation"] = t.Remediation,
                ["controls"] = new JsonObject
                {
                    ["nist"] = Strings(t.Controls.Nist),
                    ["cci"] = Strings(t.Controls.Cci),
                    ["srg"] = Strings(t.Controls.Srg),
                },
                ["parameters"] = new JsonArray([.. t.Parameters.Select(p => (JsonNode)new JsonObject
                {
                    ["name"] = p.Name,
                    ["description"] = p.Description,
                    ["example"] = p.Example,
                    ["required"] = p.Required,
                    ["default"] = p.Default,
                    ["aliases"] = Strings(p.Aliases),
                    ["validator"] = Validator(p),
                    ["state"] = "active",
                })]),
            })]),
        })]);

    /// <summary>A JSON schema for the value, as Anchore's spec gives one.</summary>
    public static JsonObject Validator(TriggerParameter p) => p.Kind switch
    {
        ParameterKind.Enum => new JsonObject { ["type"] = "string", ["enum"] = Strings(p.EnumValues) },
        ParameterKind.Boolean => new JsonObject { ["type"] = "string", ["enum"] = Strings(["true", "false"]) },
        ParameterKind.Integer => new JsonObject { ["type"] = "string", ["pattern"] = "^-?[0-9]+$" },
        ParameterKind.Float => new JsonObject { ["type"] = "string", ["pattern"] = @"^-?[0-9]+(\.[0-9]+)?$" },
        ParameterKind.CommaIntegerList => new JsonObject { ["type"] = "string", ["pattern"] = @"^\s*[0-9]+(\s*,\s*[0-9]+)*\s*$" },
        ParameterKind.OctalMode => new JsonObject { ["type"] = "string", ["pattern"] = "^(0o)?[0-7]+$" },
        ParameterKind.CommaList => new JsonObject { ["type"] = "string", ["format"] = "comma-list" },
        ParameterKind.Regex => new JsonObject { ["type"] = "string", ["format"] = "regex" },
        _ => new JsonObject { ["type"] = "string" },
    };

    private static string State(LifecycleState s) => s == LifecycleState.Eol ? "eol" : "active";

    private static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode)JsonValue.Create(i))]);
}
