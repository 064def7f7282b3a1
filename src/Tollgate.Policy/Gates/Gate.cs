namespace Tollgate.Policy.Gates;

/// <summary>A gate: a named group of triggers reading one kind of image data.</summary>
public abstract class Gate
{
    public abstract string Name { get; }
    public abstract string Description { get; }
    public abstract IReadOnlyList<Trigger> Triggers { get; }
    public virtual LifecycleState State => LifecycleState.Active;

    /// <summary>For end-of-life gates, the gate that replaced it (null when none did).</summary>
    public virtual string? SupersededBy => null;

    /// <summary>True for Tollgate's own gates (not in Anchore Engine).</summary>
    public virtual bool IsExtension => false;

    public virtual Trigger? FindTrigger(string name) => Triggers.FirstOrDefault(t => t.Answers(name));
}
