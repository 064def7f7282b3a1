using Tollgate.Policy.Bundles;

namespace Tollgate.Service.Http;

/// <summary>One problem of a rejected input, at its JSON path.</summary>
public sealed record InputProblem(string Path, string Message, string Severity)
{
    public static InputProblem From(BundleProblem p) => new(p.Path, p.Message, p.Severity == ProblemSeverity.Error ? "error" : "warning");
}

/// <summary>RFC 9457 problem bodies the API answers with.</summary>
public static class ApiProblems
{
    public static IResult NotFound(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound);

    public static IResult BadRequest(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest);

    public static IResult Conflict(string detail) => TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict);

    public static IResult TooLarge(string what, long maxBytes) =>
        TypedResults.Problem($"{what} is larger than {maxBytes} bytes", statusCode: StatusCodes.Status413PayloadTooLarge);

    /// <summary>400 listing every problem (errors and warnings) with its path in "errors".</summary>
    public static IResult Invalid(string detail, IEnumerable<BundleProblem> problems) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "invalid input",
            extensions: new Dictionary<string, object?> { ["errors"] = problems.Select(InputProblem.From).ToList() });
}
