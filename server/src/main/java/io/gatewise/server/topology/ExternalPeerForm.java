package io.gatewise.server.topology;

import io.gatewise.server.topology.compiler.ExternalPeer;

/** The external peer form's bean (Thymeleaf binds it by getters and setters); lists are typed as text. */
public class ExternalPeerForm {
    private String name = "";
    private String address = "";
    private String identity = "";
    private String subnets = "";
    private String mode = "MAIN";
    private String auth = "PSK";
    private String ikeProposals = "";
    /** Picked from the common IKE proposals; without the page's script it is added on save. */
    private String ikePick = "";
    private String ipsecProtocol = "ESP";
    private String ipsecProposals = "";
    private String ipsecPick = "";
    private String expectsIdentity = "";
    private String expectsSubnets = "";
    private boolean weakAcknowledged;

    static ExternalPeerForm of(ExternalPeer p) {
        ExternalPeerForm f = new ExternalPeerForm();
        f.name = p.name();
        f.address = p.address();
        f.identity = p.identity() == null ? "" : p.identity().value();
        f.subnets = String.join(", ", p.subnets());
        f.mode = p.mode().name();
        f.auth = p.auth().name();
        f.ikeProposals = String.join("\n", p.ikeProposals());
        f.ipsecProtocol = p.ipsecProtocol().name();
        f.ipsecProposals = String.join("\n", p.ipsecProposals());
        f.expectsIdentity = p.expectsIdentity() == null ? "" : p.expectsIdentity().value();
        f.expectsSubnets = String.join(", ", p.expectsSubnets());
        f.weakAcknowledged = p.weakAcknowledged();
        return f;
    }

    /**
     * The form as input; identities typed as text have their ID type inferred. Editing a
     * peer whose identity was given an explicit type over the API keeps that type when the
     * value is unchanged ({@code existing}, null for a new peer).
     */
    ExternalPeerInput.Json toInput(ExternalPeer existing) {
        String idType = existing != null && existing.identity() != null
                && existing.identity().value().equals(identity == null ? "" : identity.trim())
                ? existing.identity().type().name() : null;
        String expectsType = existing != null && existing.expectsIdentity() != null
                && existing.expectsIdentity().value().equals(expectsIdentity == null ? "" : expectsIdentity.trim())
                ? existing.expectsIdentity().type().name() : null;
        return new ExternalPeerInput.Json(name, address, idType, identity, ExternalPeerInput.split(subnets), mode,
                auth, PolicyForms.withPick(ikeProposals, ikePick), ipsecProtocol,
                PolicyForms.withPick(ipsecProposals, ipsecPick), expectsType, expectsIdentity,
                ExternalPeerInput.split(expectsSubnets), weakAcknowledged);
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getAddress() { return address; }
    public void setAddress(String address) { this.address = address; }
    public String getIdentity() { return identity; }
    public void setIdentity(String identity) { this.identity = identity; }
    public String getSubnets() { return subnets; }
    public void setSubnets(String subnets) { this.subnets = subnets; }
    public String getMode() { return mode; }
    public void setMode(String mode) { this.mode = mode; }
    public String getAuth() { return auth; }
    public void setAuth(String auth) { this.auth = auth; }
    public String getIkeProposals() { return ikeProposals; }
    public void setIkeProposals(String ikeProposals) { this.ikeProposals = ikeProposals; }
    public String getIkePick() { return ikePick; }
    public void setIkePick(String ikePick) { this.ikePick = ikePick; }
    public String getIpsecPick() { return ipsecPick; }
    public void setIpsecPick(String ipsecPick) { this.ipsecPick = ipsecPick; }
    public String getIpsecProtocol() { return ipsecProtocol; }
    public void setIpsecProtocol(String ipsecProtocol) { this.ipsecProtocol = ipsecProtocol; }
    public String getIpsecProposals() { return ipsecProposals; }
    public void setIpsecProposals(String ipsecProposals) { this.ipsecProposals = ipsecProposals; }
    public String getExpectsIdentity() { return expectsIdentity; }
    public void setExpectsIdentity(String expectsIdentity) { this.expectsIdentity = expectsIdentity; }
    public String getExpectsSubnets() { return expectsSubnets; }
    public void setExpectsSubnets(String expectsSubnets) { this.expectsSubnets = expectsSubnets; }
    public boolean isWeakAcknowledged() { return weakAcknowledged; }
    public void setWeakAcknowledged(boolean weakAcknowledged) { this.weakAcknowledged = weakAcknowledged; }
}
