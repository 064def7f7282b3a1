namespace Tollgate.TestSupport.Registry;

/// <summary>How a <see cref="LocalRegistry"/> guards its repositories.</summary>
public enum RegistryAuthMode
{
    /// <summary>No authentication at all.</summary>
    Anonymous,

    /// <summary>HTTP basic auth against an htpasswd file (bcrypt, made by `htpasswd -Bbn`).</summary>
    Basic,

    /// <summary>The registry's own token auth: clients fetch an RS256 JWT from <see cref="TokenIssuer"/>.</summary>
    Token,
}
