using Tollgate.Policy.Gates.Eol;

namespace Tollgate.Policy.Gates;

/// <summary>
/// Every gate, once. Evaluation, bundle validation, `tollgate policy spec` and the docs all read this list, so a
/// trigger is described in exactly one place.
/// </summary>
public sealed class GateRegistry
{
    private readonly Dictionary<string, Gate> _byName;

    public GateRegistry(IEnumerable<Gate> gates)
    {
        Gates = gates.ToList();
        _byName = new Dictionary<string, Gate>(StringComparer.OrdinalIgnoreCase);
        foreach (var gate in Gates)
        {
            _byName.Add(gate.Name, gate);
            foreach (var t in gate.Triggers)
            {
                t.Gate = gate;
            }
        }
    }

    public static GateRegistry Default { get; } = new(
    [
        new Always.AlwaysGate(),
        new Dockerfile.DockerfileGate(),
        new Vulnerabilities.VulnerabilitiesGate(),
        new Packages.PackagesGate(),
        new Files.FilesGate(),
        new PasswdFile.PasswdFileGate(),
        new RetrievedFiles.RetrievedFilesGate(),
        new SecretScans.SecretScansGate(),
        new Licenses.LicensesGate(),
        new Metadata.MetadataGate(),
        new Malware.MalwareGate(),
        new Npms.NpmsGate(),
        new RubyGems.RubyGemsGate(),
        new Image.ImageGate(),
        new Accounts.AccountsGate(),
        .. EolGate.All,
    ]);

    public IReadOnlyList<Gate> Gates { get; }

    public Gate? FindGate(string name) => _byName.GetValueOrDefault(name.Trim());

    public Trigger? FindTrigger(string gate, string trigger) => FindGate(gate)?.FindTrigger(trigger.Trim());
}
