using System.Collections;

namespace Tollgate.Analysis.Catalogers.Os;

/// <summary>Lets pure parsers, which take an <see cref="ICollection{T}"/> of warnings, report into the cataloger context.</summary>
public sealed class WarningSink(CatalogContext context) : ICollection<string>
{
    public int Count => context.Warnings.Count;
    public bool IsReadOnly => false;

    public void Add(string item) => context.Warn(item);

    public void Clear() => throw new NotSupportedException("warnings are append-only");

    public bool Contains(string item) => context.Warnings.Contains(item);

    public void CopyTo(string[] array, int arrayIndex) => context.Warnings.ToList().CopyTo(array, arrayIndex);

    public bool Remove(string item) => throw new NotSupportedException("warnings are append-only");

    public IEnumerator<string> GetEnumerator() => context.Warnings.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
