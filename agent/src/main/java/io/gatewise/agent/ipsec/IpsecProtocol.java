package io.gatewise.agent.ipsec;

/** IPsec security protocols with their IP protocol numbers. */
public enum IpsecProtocol {
    /** Encapsulating Security Payload, RFC 4303. */
    ESP(50),
    /** Authentication Header, RFC 4302. */
    AH(51);

    private final int ipProtocol;

    IpsecProtocol(int ipProtocol) {
        this.ipProtocol = ipProtocol;
    }

    public int ipProtocol() {
        return ipProtocol;
    }
}
