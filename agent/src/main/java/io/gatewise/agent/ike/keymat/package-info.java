/**
 * IKEv1 key derivation (RFC 2409 section 5 and Appendix B): SKEYID and its children, the
 * Phase 1 encryption key, the authentication hashes of Main, Aggressive, Quick and
 * Informational exchanges, IPsec KEYMAT, and the IVs that chain CBC across messages.
 *
 * <p>Everything here is pure computation over byte arrays: no I/O, no state machine, no
 * logging of values. {@link io.gatewise.agent.ike.keymat.Keymat} holds the secrets of one
 * ISAKMP SA; {@link io.gatewise.agent.ike.keymat.IvManager} tracks its IVs per message id.
 * Both are used by one exchange thread at a time.
 */
package io.gatewise.agent.ike.keymat;
