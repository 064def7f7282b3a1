namespace Tollgate.Policy.Gates.RetrievedFiles;

public sealed class RetrievedFilesGate : Gate
{
    public override string Name => "retrieved_files";
    public override string Description => "Checks against content and/or presence of files retrieved at analysis time from an image";
    public override IReadOnlyList<Trigger> Triggers { get; } = [new ContentNotAvailableTrigger(), new ContentRegexTrigger()];

    internal static readonly TriggerParameter PathParameter =
        TriggerParameter.Str("path", "The path of the file to verify has been retrieved during analysis", required: true, example: "/etc/httpd.conf");
}
