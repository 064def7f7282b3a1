using Tollgate.Service.Admission.Selection;

namespace Tollgate.Service.Admission.Verdicts;

/// <summary>The decision for one distinct image of the request, with the text a developer reads.</summary>
public sealed record ImageOutcome
{
    public required string Image { get; init; }
    public required ImageSelection Selection { get; init; }
    public required bool Allowed { get; init; }

    /// <summary>Why it is denied: a headline and detail lines (findings, where to look).</summary>
    public string? Denial { get; init; }

    public IReadOnlyList<string> Details { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>The digest the image resolved to, when it was resolved.</summary>
    public string? Digest { get; init; }

    public static ImageOutcome Admit(string image, ImageSelection selection, string? digest = null, params IReadOnlyList<string> warnings) =>
        new() { Image = image, Selection = selection, Allowed = true, Digest = digest, Warnings = warnings };

    public static ImageOutcome Deny(string image, ImageSelection selection, string denial, string? digest = null, IReadOnlyList<string>? details = null) =>
        new() { Image = image, Selection = selection, Allowed = false, Denial = denial, Digest = digest, Details = details ?? [] };

    /// <summary>An internal problem: denied under Fail, admitted with a warning under Ignore.</summary>
    public static ImageOutcome Failure(string image, ImageSelection selection, string problem) =>
        selection.FailurePolicy == FailurePolicy.Ignore
            ? Admit(image, selection, null, $"{image}: admitted without a check (failurePolicy Ignore): {problem}")
            : Deny(image, selection, $"{problem} (failurePolicy Fail)");
}
