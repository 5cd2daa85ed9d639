package io.gatewise.agent.datapath;

/**
 * Settings of the userspace datapath.
 *
 * @param pipelines           outbound pipelines = TUN queues (one thread each) of the shared
 *                            device and of each route-based tunnel's device; inbound
 *                            pipelines follow the number of UDP sockets
 * @param outerMtu            MTU of the path to peers; ESP packets are sized for it
 * @param tunMtu              MTU of the TUN device (for MSS clamping)
 * @param clampMss            rewrite the MSS option of TCP SYNs to fit {@code tunMtu}
 * @param allowNullEncryption accept ESP-NULL SAs (RFC 2410); off unless explicitly set
 */
public record DatapathConfig(int pipelines, int outerMtu, int tunMtu, boolean clampMss, boolean allowNullEncryption) {
    /** Outer MTU 1500 and the TUN MTU that fits under it with any supported algorithm. */
    public static DatapathConfig defaults() {
        return new DatapathConfig(Math.max(1, Runtime.getRuntime().availableProcessors()), 1500,
                tunMtuFor(1500), true, false);
    }

    /**
     * The largest TUN MTU whose packets, ESP-protected with the most expensive supported
     * suite (AES-CBC: 16-byte IV and block alignment; HMAC-SHA2-512-256: 32-byte ICV) in
     * UDP over IPv4, still fit {@code outerMtu}: 20 + 8 + 8 + 16 + pad16(L + 2) + 32.
     */
    public static int tunMtuFor(int outerMtu) {
        int aligned = (outerMtu - 20 - 8 - 8 - 16 - 32) / 16 * 16;
        return aligned - 2;
    }

    public DatapathConfig withPipelines(int n) {
        return new DatapathConfig(n, outerMtu, tunMtu, clampMss, allowNullEncryption);
    }

    public DatapathConfig withAllowNullEncryption(boolean allow) {
        return new DatapathConfig(pipelines, outerMtu, tunMtu, clampMss, allow);
    }

    public DatapathConfig withMtu(int outer, int tun) {
        return new DatapathConfig(pipelines, outer, tun, clampMss, allowNullEncryption);
    }
}
