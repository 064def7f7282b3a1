using System.Text.Json;

namespace Tollgate.Service.Tests.Admission;

/// <summary>What the tests read from an AdmissionResponse, and the two shapes of answer they expect.</summary>
public static class Answers
{
    public static string[] Warnings(JsonElement response) =>
        response.TryGetProperty("warnings", out var w) ? [.. w.EnumerateArray().Select(x => x.GetString()!)] : [];

    public static string Message(JsonElement response) =>
        response.TryGetProperty("status", out var s) && s.TryGetProperty("message", out var m) ? m.GetString()! : "";

    public static void AssertDenied(JsonElement response, string uid)
    {
        Assert.Equal(uid, response.GetProperty("uid").GetString());
        Assert.False(response.GetProperty("allowed").GetBoolean(), Message(response));
        Assert.Equal(403, response.GetProperty("status").GetProperty("code").GetInt32());
        Assert.Equal("Failure", response.GetProperty("status").GetProperty("status").GetString());
    }

    public static void AssertAllowed(JsonElement response, string uid)
    {
        Assert.Equal(uid, response.GetProperty("uid").GetString());
        Assert.True(response.GetProperty("allowed").GetBoolean(), Message(response));
    }
}
