package io.gatewise.server.pki;

/** What a certificate issued by the Gatewise CA is for. */
public enum CertificatePurpose {
    /** An agent's client certificate for the Connect stream, subject CN=&lt;gateway id&gt;. */
    AGENT,
    /** The gRPC server's TLS certificate. */
    SERVER
}
