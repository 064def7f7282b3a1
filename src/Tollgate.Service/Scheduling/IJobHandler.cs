using Tollgate.Service.Store;

namespace Tollgate.Service.Scheduling;

/// <summary>Runs claimed jobs of one kind; the handler finishes or releases the job itself, in its own transaction.</summary>
public interface IJobHandler
{
    string Kind { get; }

    Task RunAsync(JobLease job, CancellationToken cancellationToken);
}
