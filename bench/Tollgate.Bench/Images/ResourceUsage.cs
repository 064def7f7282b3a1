using System.Runtime.InteropServices;

namespace Tollgate.Bench.Images;

/// <summary>
/// CPU seconds from getrusage(2): for this process (all threads) and for waited-for children. On a shared machine
/// CPU time compares the two sides more fairly than wall time, so the bench prints both.
/// </summary>
public static class ResourceUsage
{
    private const int Self = 0;
    private const int Children = -1;

    public static TimeSpan SelfCpu => Cpu(Self);

    public static TimeSpan ChildrenCpu => Cpu(Children);

    private static TimeSpan Cpu(int who)
    {
        if (!OperatingSystem.IsLinux() || GetRusage(who, out var usage) != 0)
        {
            return TimeSpan.Zero;
        }

        return TimeSpan.FromMicroseconds((usage.UserSeconds + usage.SystemSeconds) * 1_000_000.0 + usage.UserMicros + usage.SystemMicros);
    }

    [DllImport("libc", EntryPoint = "getrusage")]
    private static extern int GetRusage(int who, out RUsage usage);

    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicros;
        public long SystemSeconds;
        public long SystemMicros;
        public long MaxRss;
        public long Ixrss;
        public long Idrss;
        public long Isrss;
        public long MinFlt;
        public long MajFlt;
        public long NSwap;
        public long InBlock;
        public long OuBlock;
        public long MsgSnd;
        public long MsgRcv;
        public long NSignals;
        public long NvCsw;
        public long NivCsw;
    }
}
