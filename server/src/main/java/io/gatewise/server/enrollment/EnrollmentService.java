package io.gatewise.server.enrollment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.gatewise.server.enrollment.EnrollmentRejectedException.Reason;
import io.gatewise.server.pki.AcceptedCsr;
import io.gatewise.server.pki.CertificateAuthority;
import io.gatewise.server.pki.CsrPolicy;
import io.gatewise.server.pki.CsrRejectedException;
import io.gatewise.server.system.Secret;

/**
 * One-time enrollment tokens and the enrollment itself.
 *
 * <p>A token is 256 random bits, shown to the admin once and stored only as its SHA-256
 * (a database leak does not reveal usable tokens; with 256 bits of entropy a plain hash
 * is enough, no salt or slow hash needed). Enrollment runs in one transaction: check the
 * token, check the CSR, consume the token with a conditional UPDATE, revoke the gateway's
 * previous agent certificates, issue the new one. Any refusal rolls everything back, so a
 * bad CSR neither burns the token nor leaves half-written rows.
 */
@Service
public class EnrollmentService {
    private static final Logger log = LoggerFactory.getLogger(EnrollmentService.class);
    static final String TOKEN_PREFIX = "gw1_";
    private static final int MAX_TOKEN_LENGTH = 256;

    private final EnrollmentTokenRepository tokens;
    private final CertificateAuthority ca;
    private final EnrollmentProperties properties;
    private final ApplicationEventPublisher events;
    private final SecureRandom random;
    private final Clock clock;

    EnrollmentService(EnrollmentTokenRepository tokens, CertificateAuthority ca, EnrollmentProperties properties,
                      ApplicationEventPublisher events, SecureRandom random, Clock clock) {
        this.tokens = tokens;
        this.ca = ca;
        this.properties = properties;
        this.events = events;
        this.random = random;
        this.clock = clock;
    }

    /** Creates a token for the gateway; unused older tokens of the gateway stop working. */
    @Transactional
    public IssuedToken issueToken(UUID gatewayId) {
        Instant now = clock.instant();
        tokens.findByGatewayIdOrderByCreatedAtDesc(gatewayId).forEach(t -> t.expire(now));
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant expiresAt = now.plus(properties.tokenTtl());
        tokens.save(new EnrollmentToken(gatewayId, sha256(token), now, expiresAt));
        return new IssuedToken(gatewayId, Secret.of(token), expiresAt);
    }

    /**
     * Exchanges a token and a CSR for a certificate.
     *
     * @throws EnrollmentRejectedException for a bad token or CSR; nothing is changed then
     */
    @Transactional
    public EnrollmentResult enroll(Secret token, String csrPem, String agentVersion, String hostname) {
        Instant now = clock.instant();
        if (token.reveal().length() > MAX_TOKEN_LENGTH) {
            throw new EnrollmentRejectedException(Reason.TOKEN_INVALID, "enrollment token is not valid");
        }
        byte[] hash = sha256(token.reveal());
        EnrollmentToken stored = tokens.findByTokenHash(hash).orElseThrow(() -> new EnrollmentRejectedException(
                Reason.TOKEN_INVALID, "enrollment token is not valid; copy it again from the gateway's page"));
        if (stored.getUsedAt() != null) {
            throw new EnrollmentRejectedException(Reason.TOKEN_USED, "enrollment token was already used at "
                    + stored.getUsedAt() + "; create a new token on the gateway's page");
        }
        if (!stored.getExpiresAt().isAfter(now)) {
            throw new EnrollmentRejectedException(Reason.TOKEN_EXPIRED, "enrollment token expired at "
                    + stored.getExpiresAt() + "; create a new token on the gateway's page");
        }
        UUID gatewayId = stored.getGatewayId();
        AcceptedCsr csr;
        try {
            csr = CsrPolicy.check(csrPem, gatewayId.toString());
        } catch (CsrRejectedException e) {
            throw new EnrollmentRejectedException(Reason.BAD_CSR, e.getMessage());
        }
        String cleanHostname = clean(hostname, 253);
        String cleanVersion = clean(agentVersion, 64);
        if (tokens.consume(hash, now, cleanHostname, cleanVersion) != 1) {
            // a concurrent enrollment consumed it between our read and our update
            throw new EnrollmentRejectedException(Reason.TOKEN_USED, "enrollment token was already used");
        }
        ca.revokeAgentCertificates(gatewayId);
        X509Certificate certificate = ca.issueAgentCertificate(gatewayId, csr);
        String serial = CertificateAuthority.serialHex(certificate);
        log.info("Gateway {} enrolled: host '{}', agent {}, {} key, certificate {}", gatewayId, cleanHostname,
                cleanVersion, csr.keyDescription(), serial);
        events.publishEvent(new GatewayEnrolled(gatewayId, serial));
        return new EnrollmentResult(gatewayId, certificate, ca.caCertificate());
    }

    @Transactional(readOnly = true)
    public EnrollmentStatus status(UUID gatewayId) {
        Instant now = clock.instant();
        List<EnrollmentToken> all = tokens.findByGatewayIdOrderByCreatedAtDesc(gatewayId);
        Optional<EnrollmentToken> used = all.stream().filter(t -> t.getUsedAt() != null).findFirst();
        Optional<EnrollmentToken> pending = all.stream()
                .filter(t -> t.getUsedAt() == null && t.getExpiresAt().isAfter(now)).findFirst();
        return new EnrollmentStatus(used.map(EnrollmentToken::getUsedAt).orElse(null),
                used.map(EnrollmentToken::getUsedByHostname).orElse(null),
                used.map(EnrollmentToken::getUsedByAgentVersion).orElse(null),
                pending.map(EnrollmentToken::getExpiresAt).orElse(null));
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Agent-supplied text for logs and the UI: printable, bounded. */
    static String clean(String text, int maxLength) {
        if (text == null) {
            return "";
        }
        String printable = text.codePoints().filter(c -> c >= 0x20 && c != 0x7f)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().trim();
        return printable.length() <= maxLength ? printable : printable.substring(0, maxLength);
    }
}
