using System.Security.Cryptography;
using System.Text;
using Tollgate.Policy.Bundles;
using Tollgate.Policy.Evaluator;

namespace Tollgate.Policy.Tests.Support;

public static class Check
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);

    public static Evaluation Run(PolicyBundle bundle, PolicyInput input, bool failClosed = false) =>
        PolicyEvaluator.Evaluate(bundle, input, new EvaluationOptions { Clock = new FixedClock(Now), FailClosed = failClosed });

    /// <summary>Anchore's id computed independently of the code under test.</summary>
    public static string Md5Id(string gate, string trigger, string message) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(gate + trigger + message)));

    /// <summary>Evaluates a one-rule bundle and returns its findings.</summary>
    public static IReadOnlyList<Finding> Fire(string gate, string trigger, PolicyInput input, string paramsYaml = "[]") =>
        Run(TestBundles.OneRule(gate, trigger, "STOP", paramsYaml), input).Findings;

    /// <summary>Asserts exactly one finding with Anchore's message and md5 id.</summary>
    public static Finding Single(IReadOnlyList<Finding> findings, string gate, string trigger, string message)
    {
        var f = Assert.Single(findings);
        Assert.Equal(message, f.Message);
        Assert.Equal(Md5Id(gate, trigger, message), f.TriggerId);
        return f;
    }
}
