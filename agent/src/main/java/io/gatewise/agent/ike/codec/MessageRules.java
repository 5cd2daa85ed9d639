package io.gatewise.agent.ike.codec;

import static io.gatewise.agent.ike.codec.PayloadType.CERTIFICATE;
import static io.gatewise.agent.ike.codec.PayloadType.CERTIFICATE_REQUEST;
import static io.gatewise.agent.ike.codec.PayloadType.DELETE;
import static io.gatewise.agent.ike.codec.PayloadType.HASH;
import static io.gatewise.agent.ike.codec.PayloadType.IDENTIFICATION;
import static io.gatewise.agent.ike.codec.PayloadType.KEY_EXCHANGE;
import static io.gatewise.agent.ike.codec.PayloadType.NAT_D;
import static io.gatewise.agent.ike.codec.PayloadType.NAT_D_DRAFT;
import static io.gatewise.agent.ike.codec.PayloadType.NAT_OA;
import static io.gatewise.agent.ike.codec.PayloadType.NAT_OA_DRAFT;
import static io.gatewise.agent.ike.codec.PayloadType.NONCE;
import static io.gatewise.agent.ike.codec.PayloadType.NOTIFICATION;
import static io.gatewise.agent.ike.codec.PayloadType.SECURITY_ASSOCIATION;
import static io.gatewise.agent.ike.codec.PayloadType.SIGNATURE;
import static io.gatewise.agent.ike.codec.PayloadType.VENDOR_ID;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which payloads each exchange may carry, as data (the idea of strongSwan's
 * {@code message.c} rule tables): per exchange and sender, every allowed payload type with
 * its minimum and maximum count and whether it may only travel encrypted. A message is
 * checked against its table before any exchange sees it; a payload type that is not in
 * the table is refused with INVALID-PAYLOAD-TYPE. Unknown payload types
 * ({@link UnknownPayload}) are skipped. The tables span all messages of an exchange in
 * one direction (e.g. Main Mode messages 1, 3 and 5); each exchange checks which payloads
 * a particular message must have.
 */
public final class MessageRules {

    /** Who sent the message within its exchange. */
    public enum Sender { INITIATOR, RESPONDER }

    /**
     * @param mustBeEncrypted the payload is refused in a clear-text message (RFC 2409: the
     *                        identities and hashes of Main Mode, everything in Quick Mode)
     */
    public record PayloadRule(PayloadType type, int min, int max, boolean mustBeEncrypted) {
        public PayloadRule {
            Objects.requireNonNull(type, "type");
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("bad bounds " + min + ".." + max);
            }
        }
    }

    /**
     * @param hashFirstWhenEncrypted an encrypted message must start with HASH (RFC 2409
     *                               sections 5.5 and 5.7: Quick Mode, informational)
     */
    public record ExchangeRules(ExchangeType exchange, boolean hashFirstWhenEncrypted, List<PayloadRule> rules) {
        public ExchangeRules {
            rules = List.copyOf(rules);
        }

        public Optional<PayloadRule> rule(PayloadType type) {
            return rules.stream().filter(r -> r.type() == type).findFirst();
        }
    }

    private static final int MANY = 16;

    /** Main Mode, RFC 2409 section 5 and RFC 3947 section 3 (same both ways). */
    private static final List<PayloadRule> MAIN_MODE = List.of(
            rule(SECURITY_ASSOCIATION, 1, false),
            rule(KEY_EXCHANGE, 1, false),
            rule(NONCE, 1, false),
            rule(IDENTIFICATION, 1, true),
            rule(CERTIFICATE, 4, true),
            rule(CERTIFICATE_REQUEST, MANY, false),
            rule(SIGNATURE, 1, true),
            rule(HASH, 1, true),
            rule(NOTIFICATION, MANY, false),
            rule(VENDOR_ID, 2 * MANY, false),
            rule(NAT_D, MANY, false),
            rule(NAT_D_DRAFT, MANY, false));

    /** Aggressive Mode, RFC 2409 section 5: identities travel in clear. */
    private static final List<PayloadRule> AGGRESSIVE = List.of(
            rule(SECURITY_ASSOCIATION, 1, false),
            rule(KEY_EXCHANGE, 1, false),
            rule(NONCE, 1, false),
            rule(IDENTIFICATION, 1, false),
            rule(CERTIFICATE, 4, false),
            rule(CERTIFICATE_REQUEST, MANY, false),
            rule(SIGNATURE, 1, false),
            rule(HASH, 1, false),
            rule(NOTIFICATION, MANY, false),
            rule(VENDOR_ID, 2 * MANY, false),
            rule(NAT_D, MANY, false),
            rule(NAT_D_DRAFT, MANY, false));

    /** Quick Mode, RFC 2409 section 5.5, RFC 3947 section 5.2: all encrypted, HASH first. */
    private static final List<PayloadRule> QUICK_MODE = List.of(
            new PayloadRule(HASH, 1, 1, true),
            rule(SECURITY_ASSOCIATION, 1, true),
            rule(NONCE, 1, true),
            rule(KEY_EXCHANGE, 1, true),
            rule(IDENTIFICATION, 2, true),
            rule(NOTIFICATION, MANY, true),
            rule(NAT_OA, 2, true),
            rule(NAT_OA_DRAFT, 2, true));

    /**
     * Informational, RFC 2409 section 5.7. Before keys exist an informational travels
     * in clear without HASH (RFC 2408 section 4.8); the exchange decides what it trusts.
     */
    private static final List<PayloadRule> INFORMATIONAL = List.of(
            rule(HASH, 1, true),
            rule(NOTIFICATION, MANY, false),
            rule(DELETE, MANY, false));

    /**
     * Keyed by exchange and sender. In IKEv1 both directions of these exchanges may carry
     * the same payload kinds (the message number decides, not the direction), so the
     * tables coincide today; XAUTH/Mode Config will not.
     */
    private static final Map<ExchangeType, Map<Sender, ExchangeRules>> TABLE = new EnumMap<>(ExchangeType.class);

    static {
        both(new ExchangeRules(ExchangeType.IDENTITY_PROTECTION, false, MAIN_MODE));
        both(new ExchangeRules(ExchangeType.AGGRESSIVE, false, AGGRESSIVE));
        both(new ExchangeRules(ExchangeType.QUICK_MODE, true, QUICK_MODE));
        both(new ExchangeRules(ExchangeType.INFORMATIONAL, true, INFORMATIONAL));
    }

    private static void both(ExchangeRules rules) {
        Map<Sender, ExchangeRules> m = new EnumMap<>(Sender.class);
        m.put(Sender.INITIATOR, rules);
        m.put(Sender.RESPONDER, rules);
        TABLE.put(rules.exchange(), m);
    }

    private MessageRules() {
    }

    private static PayloadRule rule(PayloadType type, int max, boolean encrypted) {
        return new PayloadRule(type, 0, max, encrypted);
    }

    /** The rules for one direction of an exchange, or empty when the engine does not support it. */
    public static Optional<ExchangeRules> forExchange(ExchangeType exchange, Sender sender) {
        return Optional.ofNullable(TABLE.get(exchange)).map(m -> m.get(sender));
    }

    /**
     * Checks a decoded message against the table of its exchange.
     *
     * @param sender     who sent the message within its exchange
     * @param encrypted  whether the body was encrypted
     * @throws CodecException with INVALID-EXCHANGE-TYPE for an exchange without rules,
     *                        INVALID-PAYLOAD-TYPE for a payload the exchange does not
     *                        allow or that should have been encrypted, PAYLOAD-MALFORMED
     *                        for a count outside the bounds or HASH not first
     */
    public static void check(ExchangeType exchange, Sender sender, boolean encrypted, DecodedPayloads payloads)
            throws CodecException {
        Objects.requireNonNull(sender, "sender");
        ExchangeRules rules = forExchange(exchange, sender).orElseThrow(() -> new CodecException(
                NotifyType.UNSUPPORTED_EXCHANGE_TYPE, exchange + " is not supported"));
        Map<PayloadType, Integer> counts = new EnumMap<>(PayloadType.class);
        for (Payload p : payloads.payloads()) {
            if (p instanceof UnknownPayload) {
                continue;
            }
            PayloadType type = PayloadType.fromValue(p.typeValue()).orElseThrow();
            PayloadRule rule = rules.rule(type).orElseThrow(() -> new CodecException(
                    NotifyType.INVALID_PAYLOAD_TYPE, type.shortName() + " payload not allowed in " + exchange));
            if (rule.mustBeEncrypted() && !encrypted) {
                throw new CodecException(NotifyType.INVALID_PAYLOAD_TYPE,
                        type.shortName() + " payload in clear text in " + exchange);
            }
            counts.merge(type, 1, Integer::sum);
        }
        for (PayloadRule rule : rules.rules()) {
            int n = counts.getOrDefault(rule.type(), 0);
            if (n < rule.min() || n > rule.max()) {
                throw new CodecException(NotifyType.PAYLOAD_MALFORMED, n + " " + rule.type().shortName()
                        + " payloads in " + exchange + ", allowed " + rule.min() + ".." + rule.max());
            }
        }
        if (rules.hashFirstWhenEncrypted() && encrypted
                && (payloads.size() == 0 || !(payloads.get(0) instanceof HashPayload))) {
            throw new CodecException(NotifyType.PAYLOAD_MALFORMED, exchange + " message does not start with HASH");
        }
    }
}
