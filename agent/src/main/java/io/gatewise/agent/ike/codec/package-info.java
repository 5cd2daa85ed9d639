/**
 * The ISAKMP wire format (RFC 2408 section 3, the IPsec DOI of RFC 2407, NAT-T of RFC
 * 3947 and the IKEv1 fragmentation payload): immutable payload records, registries
 * looked up by wire value, one decoder, one encoder and the per-exchange message rules.
 *
 * <p>Pure by design: nothing here knows a key, a clock or an SA. Decoding never throws an
 * unchecked exception for bad input; it returns a {@link io.gatewise.agent.ike.codec.DecodeResult}
 * whose failure carries the RFC 2408 notify type an engine would answer with.
 *
 * <p>Flow of a received datagram:
 * <pre>
 *   datagram ──► IsakmpDecoder.decodeHeader ──► RawMessage (header + body, E flag?)
 *                     │ clear body                        │ encrypted body
 *                     ▼                                   ▼ (engine decrypts)
 *               decodePayloads(first, body)        decodePayloads(first, plaintext)
 *                     └──────────► DecodedPayloads ◄──────┘
 *                                     │ MessageRules.check(exchange, sender, encrypted)
 *                                     ▼
 *                                   tasks
 * </pre>
 */
package io.gatewise.agent.ike.codec;
