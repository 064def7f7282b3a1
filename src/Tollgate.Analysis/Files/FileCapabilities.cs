using System.Buffers.Binary;

namespace Tollgate.Analysis.Files;

/// <summary>
/// Decodes the security.capability xattr (struct vfs_cap_data, little-endian) into getcap's text form, e.g.
/// "cap_net_bind_service=ep" or "cap_net_admin,cap_net_raw=eip".
/// </summary>
public static class FileCapabilities
{
    private const uint RevisionMask = 0xFF000000;
    private const uint EffectiveFlag = 0x000001;
    private const uint Revision1 = 0x01000000;
    private const uint Revision2 = 0x02000000;
    private const uint Revision3 = 0x03000000;

    // Capability numbers from linux/capability.h.
    private static readonly string[] Names =
    [
        "cap_chown", "cap_dac_override", "cap_dac_read_search", "cap_fowner", "cap_fsetid", "cap_kill", "cap_setgid",
        "cap_setuid", "cap_setpcap", "cap_linux_immutable", "cap_net_bind_service", "cap_net_broadcast", "cap_net_admin",
        "cap_net_raw", "cap_ipc_lock", "cap_ipc_owner", "cap_sys_module", "cap_sys_rawio", "cap_sys_chroot", "cap_sys_ptrace",
        "cap_sys_pacct", "cap_sys_admin", "cap_sys_boot", "cap_sys_nice", "cap_sys_resource", "cap_sys_time",
        "cap_sys_tty_config", "cap_mknod", "cap_lease", "cap_audit_write", "cap_audit_control", "cap_setfcap",
        "cap_mac_override", "cap_mac_admin", "cap_syslog", "cap_wake_alarm", "cap_block_suspend", "cap_audit_read",
        "cap_perfmon", "cap_bpf", "cap_checkpoint_restore",
    ];

    /// <summary>The text form, or null when the value is not a vfs_cap_data of a known revision.</summary>
    public static string? Decode(ReadOnlySpan<byte> data)
    {
        if (data.Length < 12)
        {
            return null;
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        var revision = magic & RevisionMask;
        var effective = (magic & EffectiveFlag) != 0;
        ulong permitted;
        ulong inheritable;
        if (revision == Revision1)
        {
            permitted = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            inheritable = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
        }
        else if ((revision == Revision2 && data.Length >= 20) || (revision == Revision3 && data.Length >= 24))
        {
            permitted = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(data[12..]) << 32);
            inheritable = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]) | ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(data[16..]) << 32);
        }
        else
        {
            return null;
        }

        // Group capabilities by their flag set, as getcap prints them: "names=flags" clauses, flags in e, i, p order.
        var clauses = new List<(string Flags, List<string> Caps)>();
        for (var bit = 0; bit < 64; bit++)
        {
            var p = (permitted >> bit & 1) != 0;
            var i = (inheritable >> bit & 1) != 0;
            if (!p && !i)
            {
                continue;
            }

            var flags = (effective && p ? "e" : "") + (i ? "i" : "") + (p ? "p" : "");
            var name = bit < Names.Length ? Names[bit] : $"cap_{bit}";
            var clause = clauses.FirstOrDefault(c => c.Flags == flags);
            if (clause.Caps is null)
            {
                clauses.Add((flags, [name]));
            }
            else
            {
                clause.Caps.Add(name);
            }
        }

        return clauses.Count == 0 ? null : string.Join(' ', clauses.Select(c => string.Join(',', c.Caps) + "=" + c.Flags));
    }

    /// <summary>Decodes the base64 xattr value as the FileEntry carries it.</summary>
    public static string? FromXattrs(IReadOnlyDictionary<string, string>? xattrs)
    {
        if (xattrs is null || !xattrs.TryGetValue("security.capability", out var base64))
        {
            return null;
        }

        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var written) ? Decode(bytes.AsSpan(0, written)) : null;
    }
}
