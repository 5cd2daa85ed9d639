package io.gatewise.server.config;

import java.util.List;

/**
 * The JSON stored per config version ({@code config_version.config}). Pre-shared keys are
 * sealed with the master key ({@code psk}: base64 of a SecretBox value, context
 * {@code psk:<gateway id>:<tunnel name>}), so the JSON can be read by operators and
 * backups without exposing them.
 *
 * <pre>
 * {"format":1,"tunnels":[{"name":"hq","remoteAddress":"198.51.100.7",
 *   "localSubnets":["10.1.0.0/24"],"remoteSubnets":["10.2.0.0/24"],"psk":"AQx...",
 *   "ikeProposals":["aes256-sha256-modp2048"],"espProposals":["aes256-sha256-modp2048"]}]}
 * </pre>
 *
 * <p>Tunnels stored since the topology settings reached delivery also carry
 * {@code "options"} ({@link TunnelOptions}: mode, authentication, identities, lifetimes,
 * DPD, start action, VPN type, routes). A tunnel without it (every config stored before)
 * reads as {@link TunnelOptions#DEFAULTS}, which is what it was delivered with, so the
 * format number stays 1.
 */
record StoredConfig(int format, List<StoredTunnel> tunnels) {
    static final int FORMAT = 1;

    static StoredConfig empty() {
        return new StoredConfig(FORMAT, List.of());
    }

    record StoredTunnel(String name, String remoteAddress, List<String> localSubnets, List<String> remoteSubnets,
                        String psk, List<String> ikeProposals, List<String> espProposals,
                        TunnelOptions options) {
        /** The options, {@link TunnelOptions#DEFAULTS} for a tunnel stored before they existed. */
        TunnelOptions optionsOrDefaults() {
            return options == null ? TunnelOptions.DEFAULTS : options;
        }
    }
}
