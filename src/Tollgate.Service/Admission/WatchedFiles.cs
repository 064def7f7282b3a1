namespace Tollgate.Service.Admission;

/// <summary>
/// A value loaded from files and loaded again when any of them changes: its final target (Kubernetes secret and
/// config-map volumes swap a symlink), size or modification time. Files are checked at most once per interval, so
/// reading <see cref="Current"/> on every request costs nothing. A failed reload keeps the previous value (a
/// half-written certificate must not take the webhook down) and is retried when the files change again.
/// </summary>
public sealed class WatchedFiles<T>
    where T : class
{
    private readonly IReadOnlyList<string> _paths;
    private readonly Func<T> _load;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private T? _value;
    private string? _stamp;
    private DateTimeOffset _nextCheck = DateTimeOffset.MinValue;

    public WatchedFiles(IReadOnlyList<string> paths, Func<T> load, TimeSpan interval, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        _paths = paths;
        _load = load;
        _interval = interval;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The last error of a reload that kept the previous value; null after a good load.</summary>
    public Exception? LastError { get; private set; }

    /// <summary>Called once per failed reload (the previous value stays in use), so it can be logged.</summary>
    public Action<Exception>? ReloadFailed { get; init; }

    /// <summary>Identifies the loaded files' state; changes whenever a changed file was loaded.</summary>
    public string Stamp
    {
        get
        {
            _ = Current;
            return _stamp!;
        }
    }

    public T Current
    {
        get
        {
            var now = _clock.GetUtcNow();
            if (_value is not null && now < _nextCheck)
            {
                return _value;
            }

            lock (_lock)
            {
                if (_value is not null && now < _nextCheck)
                {
                    return _value;
                }

                var stamp = string.Join('|', _paths.Select(StampOf));
                if (_value is null || stamp != _stamp)
                {
                    try
                    {
                        _value = _load();
                        _stamp = stamp;
                        LastError = null;
                    }
                    catch (Exception e) when (_value is not null && e is IOException or UnauthorizedAccessException or FormatException or InvalidDataException
                        or System.Security.Cryptography.CryptographicException or System.Text.Json.JsonException)
                    {
                        LastError = e;
                        _stamp = stamp;
                        ReloadFailed?.Invoke(e);
                    }
                }

                _nextCheck = now + _interval;
                return _value;
            }
        }
    }

    private static string StampOf(string path)
    {
        var info = new FileInfo(path);
        var target = info.LinkTarget is null ? info : info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo ?? info;
        return target.Exists ? $"{target.FullName}:{target.Length}:{target.LastWriteTimeUtc.Ticks}" : $"{path}:missing";
    }
}
