using Tollgate.Images;
using Tollgate.Images.References;
using Tollgate.Service.Http;
using Tollgate.Service.Registries;
using Tollgate.Service.Workers;

namespace Tollgate.Service.Images;

/// <summary>
/// The service's side of reading a source: registry references get the stored credentials for their registry
/// (passed to the loader's own auth options, never logged), and spooled uploads are deleted once their result is stored.
/// </summary>
public sealed class ServiceSourceAccess(RegistryStore registries, ServiceOptions options, Security.RegistryAccess access, Security.LocalSourcePolicy localSources) : IAnalysisSourceAccess
{
    /// <summary>Asked again just before reading: the operator may have removed --allow-local-sources since, or a link changed.</summary>
    public string? Refusal(string source) => localSources.Refusal(source, trustSpool: true);

    public ImageLoadOptions LoadOptionsFor(string source)
    {
        if (source.StartsWith(AnalysisRunner.SbomPrefix, StringComparison.Ordinal) || File.Exists(source) || Directory.Exists(source))
        {
            return new ImageLoadOptions();
        }

        SourceReference reference;
        try
        {
            reference = SourceReference.Parse(source);
        }
        catch (ImageException)
        {
            return new ImageLoadOptions(); // the analysis reports the bad reference itself
        }

        if (reference is not { Kind: SourceKind.Registry, Registry: { } registry })
        {
            return new ImageLoadOptions();
        }

        // The operator's --insecure-registry hosts, plus the stored credentials of that registry (registry_verify=false also allows plain HTTP).
        var operatorOptions = access.OptionsFor(registry.Host);
        return registries.CredentialsFor(registry.Host, registry.Repository) is { } credential
            ? new ImageLoadOptions { Username = credential.Username, Password = credential.Password, Insecure = operatorOptions.Insecure || !credential.Verify }
            : operatorOptions;
    }

    public void Finished(string source)
    {
        var path = source.StartsWith(AnalysisRunner.SbomPrefix, StringComparison.Ordinal) ? source[AnalysisRunner.SbomPrefix.Length..] : source;
        if (UploadSpool.Owns(options, path))
        {
            File.Delete(path);
        }
    }
}
