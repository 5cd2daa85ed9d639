package io.gatewise.agent.datapath;

/**
 * Settings of the userspace datapath.
 *
 * @param pipelines           outbound pipelines = TUN queues (one thread each); inbound
 *                            pipelines follow the number of UDP sockets
 * @param outerMtu            MTU of the path to peers; ESP packets are sized for it
 * @param tunMtu              MTU of the TUN device (for MSS clamping)
 * @param clampMss            rewrite the MSS option of TCP SYNs to fit {@code tunMtu}
 * @param allowNullEncryption accept ESP-NULL SAs (RFC 2410); off unless explicitly set
 */
public record DatapathConfig(int pipelines, int outerMtu, int tunMtu, boolean clampMss, boolean allowNullEncryption) {
    /** Default outer MTU 1500 and a TUN MTU of 1400, which fits the largest ESP overhead we support. */
    public static DatapathConfig defaults() {
        return new DatapathConfig(Math.max(1, Runtime.getRuntime().availableProcessors()), 1500, 1400, true, false);
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
