package io.gatewise.server.topology;

import java.util.ArrayList;
import java.util.List;

import io.gatewise.server.config.TunnelDefaults;
import io.gatewise.server.topology.compiler.IkePolicy;
import io.gatewise.server.topology.compiler.IpsecPolicy;

/** The policy forms' beans (Thymeleaf binds them by getters and setters) and the presets. */
final class PolicyForms {
    private PolicyForms() {
    }

    /**
     * A named starting point for both phases.
     *
     * <p>IKEv1 protects its own messages with CBC ciphers only (RFC 2409 appendix B), so
     * "Modern" uses AES-GCM-256 for ESP and AES-256-CBC with SHA2-256 for Phase 1, both
     * with ECP-256 (RFC 5903); the Phase 2 DH group is the PFS group.
     */
    enum Preset {
        MODERN("Modern (AES-GCM-256, SHA2-256, ECP-256, PFS)", "aes256-sha256-ecp256", "aes256gcm16-ecp256", false),
        COMPATIBLE("Compatible (AES-256-CBC, SHA1, MODP-2048)", "aes256-sha1-modp2048", "aes256-sha1-modp2048", false),
        LEGACY("Legacy (3DES, SHA1, MODP-1024)", "3des-sha1-modp1024", "3des-sha1-modp1024", true);

        final String label;
        final String ike;
        final String esp;
        final boolean weak;

        Preset(String label, String ike, String esp, boolean weak) {
            this.label = label;
            this.ike = ike;
            this.esp = esp;
            this.weak = weak;
        }

        public String getLabel() {
            return label;
        }

        public String getKey() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public boolean isWeak() {
            return weak;
        }

        static Preset of(String key) {
            for (Preset p : values()) {
                if (p.getKey().equalsIgnoreCase(key)) {
                    return p;
                }
            }
            return null;
        }
    }

    /** Proposals offered in the forms' pick lists (strongSwan syntax, all accepted by the agent). */
    static final List<String> IKE_CHOICES = List.of("aes256-sha256-ecp256", "aes256-sha384-ecp384",
            "aes128-sha256-ecp256", "aes256-sha256-modp2048", "aes256-sha1-modp2048", "aes128-sha1-modp2048",
            "aes256-sha256-modp3072", "3des-sha1-modp1024", "3des-md5-modp1024");
    static final List<String> ESP_CHOICES = List.of("aes256gcm16-ecp256", "aes128gcm16-ecp256", "aes256gcm16",
            "aes256-sha256-ecp256", "aes256-sha256-modp2048", "aes256-sha1-modp2048", "aes128-sha1",
            "3des-sha1-modp1024", "null-sha1");

    /**
     * The typed proposals plus the one picked from the list: with the page's script the
     * "Add" button has moved it into the text already; without it, saving takes it here.
     */
    static List<String> withPick(String proposals, String pick) {
        List<String> list = new ArrayList<>(PolicyInput.splitProposals(proposals));
        if (pick != null && !pick.isBlank() && !list.contains(pick.trim())) {
            list.add(pick.trim());
        }
        return list;
    }

    /** Phase 1 form. */
    public static class IkeForm {
        private String name = "";
        private String mode = "MAIN";
        private String proposals = "";
        private String pick = "";
        private String auth = "PSK";
        private Integer lifetimeSeconds = TunnelDefaults.IKE_LIFETIME_SECONDS;
        private Integer dpdDelaySeconds = TunnelDefaults.DPD_DELAY_SECONDS;
        private Integer dpdTimeoutSeconds = TunnelDefaults.DPD_TIMEOUT_SECONDS;
        private String dpdAction = "RESTART";
        private boolean natTraversal = true;
        private boolean weakAcknowledged;

        static IkeForm of(IkePolicy p) {
            IkeForm f = new IkeForm();
            f.name = p.name();
            f.mode = p.mode().name();
            f.proposals = String.join("\n", p.proposals());
            f.auth = p.auth().name();
            f.lifetimeSeconds = p.lifetimeSeconds();
            f.dpdDelaySeconds = p.dpdDelaySeconds();
            f.dpdTimeoutSeconds = p.dpdTimeoutSeconds();
            f.dpdAction = p.dpdAction().name();
            f.natTraversal = p.natTraversal();
            f.weakAcknowledged = p.weakAcknowledged();
            return f;
        }

        static IkeForm of(Preset preset) {
            IkeForm f = new IkeForm();
            f.name = preset.getKey() + "-ike";
            f.proposals = preset.ike;
            return f;
        }

        PolicyInput.Ike toInput() {
            List<String> list = withPick(proposals, pick);
            return new PolicyInput.Ike(name, mode, list, auth, lifetimeSeconds, dpdDelaySeconds, dpdTimeoutSeconds,
                    dpdAction, natTraversal, weakAcknowledged);
        }

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getMode() { return mode; }
        public void setMode(String mode) { this.mode = mode; }
        public String getProposals() { return proposals; }
        public void setProposals(String proposals) { this.proposals = proposals; }
        public String getPick() { return pick; }
        public void setPick(String pick) { this.pick = pick; }
        public String getAuth() { return auth; }
        public void setAuth(String auth) { this.auth = auth; }
        public Integer getLifetimeSeconds() { return lifetimeSeconds; }
        public void setLifetimeSeconds(Integer v) { this.lifetimeSeconds = v; }
        public Integer getDpdDelaySeconds() { return dpdDelaySeconds; }
        public void setDpdDelaySeconds(Integer v) { this.dpdDelaySeconds = v; }
        public Integer getDpdTimeoutSeconds() { return dpdTimeoutSeconds; }
        public void setDpdTimeoutSeconds(Integer v) { this.dpdTimeoutSeconds = v; }
        public String getDpdAction() { return dpdAction; }
        public void setDpdAction(String dpdAction) { this.dpdAction = dpdAction; }
        public boolean isNatTraversal() { return natTraversal; }
        public void setNatTraversal(boolean natTraversal) { this.natTraversal = natTraversal; }
        public boolean isWeakAcknowledged() { return weakAcknowledged; }
        public void setWeakAcknowledged(boolean weakAcknowledged) { this.weakAcknowledged = weakAcknowledged; }
    }

    /** Phase 2 form. */
    public static class IpsecForm {
        private String name = "";
        private String protocol = "ESP";
        private String proposals = "";
        private String pick = "";
        private Integer lifetimeSeconds = TunnelDefaults.IPSEC_LIFETIME_SECONDS;
        private Long lifetimeKilobytes = 0L;
        private String encapsulation = "TUNNEL";
        private boolean weakAcknowledged;

        static IpsecForm of(IpsecPolicy p) {
            IpsecForm f = new IpsecForm();
            f.name = p.name();
            f.protocol = p.protocol().name();
            f.proposals = String.join("\n", p.proposals());
            f.lifetimeSeconds = p.lifetimeSeconds();
            f.lifetimeKilobytes = p.lifetimeKilobytes();
            f.encapsulation = p.encapsulation().name();
            f.weakAcknowledged = p.weakAcknowledged();
            return f;
        }

        static IpsecForm of(Preset preset) {
            IpsecForm f = new IpsecForm();
            f.name = preset.getKey() + "-esp";
            f.proposals = preset.esp;
            return f;
        }

        PolicyInput.Ipsec toInput() {
            List<String> list = withPick(proposals, pick);
            return new PolicyInput.Ipsec(name, protocol, list, lifetimeSeconds, lifetimeKilobytes, encapsulation,
                    weakAcknowledged);
        }

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getProtocol() { return protocol; }
        public void setProtocol(String protocol) { this.protocol = protocol; }
        public String getProposals() { return proposals; }
        public void setProposals(String proposals) { this.proposals = proposals; }
        public String getPick() { return pick; }
        public void setPick(String pick) { this.pick = pick; }
        public Integer getLifetimeSeconds() { return lifetimeSeconds; }
        public void setLifetimeSeconds(Integer v) { this.lifetimeSeconds = v; }
        public Long getLifetimeKilobytes() { return lifetimeKilobytes; }
        public void setLifetimeKilobytes(Long v) { this.lifetimeKilobytes = v; }
        public String getEncapsulation() { return encapsulation; }
        public void setEncapsulation(String encapsulation) { this.encapsulation = encapsulation; }
        public boolean isWeakAcknowledged() { return weakAcknowledged; }
        public void setWeakAcknowledged(boolean weakAcknowledged) { this.weakAcknowledged = weakAcknowledged; }
    }
}
