/**
 * Signature authentication for IKE Phase 1 (RFC 2409 section 5.1, RFC 4754, RFC 4945):
 * the building blocks the Main and Aggressive Mode exchanges call, with no sockets and no
 * exchange state.
 *
 * <ul>
 *   <li>{@link io.gatewise.agent.ike.auth.SignatureScheme}, {@link io.gatewise.agent.ike.auth.Signer},
 *       {@link io.gatewise.agent.ike.auth.Verifier}: the SIG payload over HASH_I / HASH_R, RSA
 *       (method 3) and ECDSA (methods 9, 10, 11) exactly as strongSwan computes them.</li>
 *   <li>{@link io.gatewise.agent.ike.auth.PeerCertificateValidator}: CERT payloads to a
 *       {@link io.gatewise.agent.ike.auth.ValidatedPeer} (chain to the configured CA, dates,
 *       key usage, identity in the certificate), or a
 *       {@link io.gatewise.agent.ike.auth.PeerAuthenticationException} whose
 *       {@link io.gatewise.agent.ike.auth.AuthFailure} carries a plain-words reason and the
 *       RFC 2408 notify type to send.</li>
 *   <li>{@link io.gatewise.agent.ike.auth.CertificateRequest}: CR payload contents, ours and the
 *       peer's; {@link io.gatewise.agent.ike.auth.LocalCredentials}: our certificate, chain and
 *       key loaded from PEM, and which certificates to send for a peer's CRs.</li>
 * </ul>
 *
 * <p>Private keys never leave {@link io.gatewise.agent.ike.auth.LocalCredentials} and
 * {@link io.gatewise.agent.ike.auth.Signer}, and no {@code toString()} here prints one.
 */
package io.gatewise.agent.ike.auth;
