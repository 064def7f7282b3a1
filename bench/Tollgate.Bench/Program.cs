namespace Tollgate.Bench;

/// <summary>
/// `dotnet run -c Release --project bench/Tollgate.Bench -- NAME [args]`: each bench measures Tollgate and a
/// baseline in the same run and prints the ratio (never an assertion).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var benches = BenchTable.All;
        if (args.Length == 0 || benches.All(b => b.Name != args[0]))
        {
            Console.Error.WriteLine("usage: Tollgate.Bench <bench> [args]");
            foreach (var b in benches)
            {
                Console.Error.WriteLine($"  {b.Name,-16} {b.Summary}");
            }

            return 2;
        }

        return await benches.First(b => b.Name == args[0]).RunAsync(args[1..]);
    }
}

public interface IBench
{
    string Name { get; }
    string Summary { get; }
    Task<int> RunAsync(string[] args);
}

/// <summary>Every bench, in one list.</summary>
public static class BenchTable
{
    public static IReadOnlyList<IBench> All { get; } =
    [
        new SbomWriteBench(),
        new PolicyEvaluationBench(),
        new Images.LayerReadBench(),
        new InventoryBench(),
        new Rpm.RpmDbBench(),
        new Images.LayerCpuBench(),
        new Vulnerabilities.VulnImportBench(),
        new Vulnerabilities.VulnMatchBench(),
        new Service.CheckLoadBench(),
        new ReportFormatsBench(),
        new Service.AdmissionBench(),
    ];
}
