package io.gatewise.agent.ike.keymat;

import io.gatewise.agent.crypto.Bytes;
import io.gatewise.agent.crypto.HashAlgorithm;
import io.gatewise.agent.crypto.IkeCipher;
import io.gatewise.agent.crypto.InvalidCiphertextException;
import io.gatewise.agent.crypto.PrfAlgorithm;
import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;
import io.gatewise.agent.ipsec.IpsecProtocol;
import java.util.Objects;

/**
 * The keying material of one IKEv1 ISAKMP SA, derived as RFC 2409 section 5 prescribes:
 *
 * <pre>
 *  SKEYID   = prf(pre-shared-key, Ni_b | Nr_b)                   pre-shared keys
 *  SKEYID   = prf(Ni_b | Nr_b, g^xy)                             signatures
 *  SKEYID_d = prf(SKEYID, g^xy | CKY-I | CKY-R | 0)
 *  SKEYID_a = prf(SKEYID, SKEYID_d | g^xy | CKY-I | CKY-R | 1)
 *  SKEYID_e = prf(SKEYID, SKEYID_a | g^xy | CKY-I | CKY-R | 2)
 *  Ka       = first bytes of SKEYID_e, or when SKEYID_e is too short (Appendix B)
 *             K1 | K2 | ...  with K1 = prf(SKEYID_e, 0), Kn = prf(SKEYID_e, Kn-1)
 * </pre>
 *
 * The PRF is the HMAC of the negotiated Phase 1 hash (no PRF attribute is supported, as
 * in every implementation we interoperate with). "0", "1", "2" are single octets;
 * {@code _b} means a payload body without its generic header; nonces and g^xy are the
 * exact bytes from the wire and from {@link io.gatewise.agent.crypto.DhKeyPair}.
 *
 * <p>It also computes every hash that authenticates IKEv1 messages and the KEYMAT of
 * IPsec SAs. Secrets stay inside: getters return copies that the caller wipes, and
 * {@link #destroy()} zeroes this object's arrays when the ISAKMP SA dies.
 */
public final class Keymat {

    private static final byte[] ZERO = {0};

    private final HashAlgorithm hash;
    private final PrfAlgorithm prf;
    private final IkeCipher cipher;
    private final byte[] cookieI;
    private final byte[] cookieR;
    private final byte[] skeyid;
    private final byte[] skeyidD;
    private final byte[] skeyidA;
    private final byte[] skeyidE;
    private final byte[] encryptionKey;
    private boolean destroyed;

    private Keymat(HashAlgorithm hash, IkeCipher cipher, byte[] skeyid, byte[] gxy, byte[] cookieI,
            byte[] cookieR) {
        this.hash = Objects.requireNonNull(hash, "hash");
        this.prf = hash.hmac();
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.cookieI = requireCookie(cookieI, "CKY-I");
        this.cookieR = requireCookie(cookieR, "CKY-R");
        Objects.requireNonNull(gxy, "g^xy");
        this.skeyid = skeyid;
        this.skeyidD = prf.prf(skeyid, gxy, this.cookieI, this.cookieR, new byte[] {0});
        this.skeyidA = prf.prf(skeyid, skeyidD, gxy, this.cookieI, this.cookieR, new byte[] {1});
        this.skeyidE = prf.prf(skeyid, skeyidA, gxy, this.cookieI, this.cookieR, new byte[] {2});
        this.encryptionKey = expandEncryptionKey(prf, skeyidE, cipher.keyLength());
    }

    /**
     * Key derivation for pre-shared key authentication (Main and Aggressive Mode).
     *
     * @param hash     the negotiated Phase 1 hash; its HMAC is the PRF
     * @param cipher   the negotiated Phase 1 cipher (fixes the length of Ka)
     * @param psk      the pre-shared key bytes
     * @param nonceI   Ni_b, the initiator's nonce payload body
     * @param nonceR   Nr_b
     * @param gxy      the Diffie-Hellman shared secret
     * @param cookieI  CKY-I, 8 bytes
     * @param cookieR  CKY-R, 8 bytes
     */
    public static Keymat forPreSharedKey(HashAlgorithm hash, IkeCipher cipher, byte[] psk, byte[] nonceI,
            byte[] nonceR, byte[] gxy, byte[] cookieI, byte[] cookieR) {
        Objects.requireNonNull(psk, "psk");
        byte[] skeyid = hash.hmac().prf(psk, nonceI, nonceR);
        return new Keymat(hash, cipher, skeyid, gxy, cookieI, cookieR);
    }

    /** Key derivation for signature authentication (RSA or ECDSA, RFC 2409 section 5.1). */
    public static Keymat forSignatures(HashAlgorithm hash, IkeCipher cipher, byte[] nonceI, byte[] nonceR,
            byte[] gxy, byte[] cookieI, byte[] cookieR) {
        byte[] key = Bytes.concat(nonceI, nonceR);
        byte[] skeyid = hash.hmac().prf(key, gxy);
        Bytes.wipe(key);
        return new Keymat(hash, cipher, skeyid, gxy, cookieI, cookieR);
    }

    /**
     * Ka from SKEYID_e (RFC 2409 Appendix B): SKEYID_e itself when it is long enough,
     * else the concatenation K1 | K2 | ..., truncated to the cipher's key length.
     */
    static byte[] expandEncryptionKey(PrfAlgorithm prf, byte[] skeyidE, int keyLength) {
        if (skeyidE.length >= keyLength) {
            return Bytes.slice(skeyidE, 0, keyLength);
        }
        byte[] out = new byte[keyLength];
        byte[] block = ZERO;
        int filled = 0;
        while (filled < keyLength) {
            byte[] next = prf.prf(skeyidE, block);
            if (block != ZERO) {
                Bytes.wipe(block);
            }
            block = next;
            int n = Math.min(block.length, keyLength - filled);
            System.arraycopy(block, 0, out, filled, n);
            filled += n;
        }
        Bytes.wipe(block);
        return out;
    }

    public HashAlgorithm hash() {
        return hash;
    }

    public PrfAlgorithm prf() {
        return prf;
    }

    public IkeCipher cipher() {
        return cipher;
    }

    /** A copy of SKEYID (the caller wipes it). */
    public byte[] skeyid() {
        return live(skeyid).clone();
    }

    /** A copy of SKEYID_d, the key for IPsec KEYMAT. */
    public byte[] skeyidD() {
        return live(skeyidD).clone();
    }

    /** A copy of SKEYID_a, the key for Phase 2 and Informational hashes. */
    public byte[] skeyidA() {
        return live(skeyidA).clone();
    }

    /** A copy of SKEYID_e. */
    public byte[] skeyidE() {
        return live(skeyidE).clone();
    }

    /** A copy of Ka, the ISAKMP message encryption key (after Appendix B expansion). */
    public byte[] encryptionKey() {
        return live(encryptionKey).clone();
    }

    // ---- Phase 1 authentication (RFC 2409 section 5) -------------------------------

    /**
     * HASH_I = prf(SKEYID, g^xi | g^xr | CKY-I | CKY-R | SAi_b | IDii_b), sent by the
     * initiator in Main Mode message 5 / Aggressive Mode message 3 (and signed instead
     * of sent with signature authentication).
     *
     * @param gxi   the initiator's DH public value (KE payload body)
     * @param gxr   the responder's DH public value
     * @param saiB  the initiator's whole SA payload body as offered in message 1
     * @param idiiB the initiator's ID payload body
     */
    public byte[] hashI(byte[] gxi, byte[] gxr, byte[] saiB, byte[] idiiB) {
        return prf.prf(live(skeyid), gxi, gxr, cookieI, cookieR, saiB, idiiB);
    }

    /** HASH_R = prf(SKEYID, g^xr | g^xi | CKY-R | CKY-I | SAi_b | IDir_b). */
    public byte[] hashR(byte[] gxi, byte[] gxr, byte[] saiB, byte[] idirB) {
        return prf.prf(live(skeyid), gxr, gxi, cookieR, cookieI, saiB, idirB);
    }

    // ---- Phase 2 and Informational (RFC 2409 sections 5.5 and 5.7) -----------------

    /**
     * Quick Mode HASH(1) = prf(SKEYID_a, M-ID | SA | Ni [ | KE ] [ | IDci | IDcr ]).
     *
     * @param messageId the ISAKMP header's message id
     * @param afterHash every payload that follows the HASH payload, generic headers
     *                  included, exactly as on the wire (before padding)
     */
    public byte[] quickModeHash1(int messageId, byte[] afterHash) {
        return prf.prf(live(skeyidA), Bytes.uint32(messageId), afterHash);
    }

    /** Quick Mode HASH(2) = prf(SKEYID_a, M-ID | Ni_b | SA | Nr [ | KE ] [ | IDci | IDcr ]). */
    public byte[] quickModeHash2(int messageId, byte[] nonceI, byte[] afterHash) {
        return prf.prf(live(skeyidA), Bytes.uint32(messageId), nonceI, afterHash);
    }

    /** Quick Mode HASH(3) = prf(SKEYID_a, 0 | M-ID | Ni_b | Nr_b). */
    public byte[] quickModeHash3(int messageId, byte[] nonceI, byte[] nonceR) {
        return prf.prf(live(skeyidA), ZERO, Bytes.uint32(messageId), nonceI, nonceR);
    }

    /**
     * Informational exchange HASH(1) = prf(SKEYID_a, M-ID | N/D), where N/D is the
     * Notification or Delete payload (and anything after the HASH), headers included.
     */
    public byte[] informationalHash(int messageId, byte[] afterHash) {
        return prf.prf(live(skeyidA), Bytes.uint32(messageId), afterHash);
    }

    // ---- IPsec keys (RFC 2409 section 5.5) ----------------------------------------

    /**
     * KEYMAT for one IPsec SA, expanded to {@code length} bytes:
     *
     * <pre>
     *  seed   = [ g(qm)^xy | ] protocol | SPI | Ni_b | Nr_b
     *  KEYMAT = K1 | K2 | ...,  K1 = prf(SKEYID_d, seed), Kn = prf(SKEYID_d, Kn-1 | seed)
     * </pre>
     *
     * @param protocolId the IPsec DOI protocol id from the proposal (2 AH, 3 ESP)
     * @param spi        the SPI of the SA being keyed, i.e. the SPI its receiver chose
     * @param gqmxy      the Quick Mode DH shared secret with PFS, or {@code null}
     * @param nonceI     the Quick Mode initiator's nonce body
     * @param nonceR     the Quick Mode responder's nonce body
     */
    public byte[] keymat(int protocolId, int spi, byte[] gqmxy, byte[] nonceI, byte[] nonceR, int length) {
        byte[] seed = Bytes.concat(gqmxy, new byte[] {(byte) protocolId}, Bytes.uint32(spi), nonceI, nonceR);
        byte[] out = new byte[length];
        byte[] block = null;
        int filled = 0;
        while (filled < length) {
            byte[] next = prf.prf(live(skeyidD), block, seed);
            Bytes.wipe(block);
            block = next;
            int n = Math.min(block.length, length - filled);
            System.arraycopy(block, 0, out, filled, n);
            filled += n;
        }
        Bytes.wipe(block, seed);
        return out;
    }

    /**
     * The keys of both IPsec SAs negotiated by one Quick Mode proposal. For each SA the
     * encryption key comes first in KEYMAT, then the integrity key (as strongSwan, Linux
     * and Libreswan order them).
     *
     * @param protocol     ESP or AH
     * @param encryption   the ESP cipher, {@code null} for AH
     * @param integrity    the integrity algorithm, {@code null} with an AEAD cipher
     * @param initiatorSpi the SPI the Quick Mode initiator chose (its inbound SA)
     * @param responderSpi the SPI the Quick Mode responder chose (its inbound SA)
     * @param gqmxy        the PFS shared secret, or {@code null} without PFS
     * @param nonceI       Quick Mode Ni_b
     * @param nonceR       Quick Mode Nr_b
     */
    public QuickModeKeys quickModeKeys(IpsecProtocol protocol, EncryptionAlgorithm encryption,
            IntegrityAlgorithm integrity, int initiatorSpi, int responderSpi, byte[] gqmxy, byte[] nonceI,
            byte[] nonceR) {
        int protocolId = doiProtocolId(protocol);
        int encLength = encryption == null ? 0 : encryption.keyLength();
        int integLength = integrity == null ? 0 : integrity.keyLength();
        // Traffic from the initiator is received by the responder, on the responder's SPI.
        SaKeys toResponder = saKeys(protocolId, responderSpi, gqmxy, nonceI, nonceR, encLength, integLength);
        SaKeys toInitiator = saKeys(protocolId, initiatorSpi, gqmxy, nonceI, nonceR, encLength, integLength);
        return new QuickModeKeys(toResponder, toInitiator);
    }

    private SaKeys saKeys(int protocolId, int spi, byte[] gqmxy, byte[] nonceI, byte[] nonceR, int encLength,
            int integLength) {
        byte[] material = keymat(protocolId, spi, gqmxy, nonceI, nonceR, encLength + integLength);
        SaKeys keys = new SaKeys(spi, Bytes.slice(material, 0, encLength),
                Bytes.slice(material, encLength, integLength));
        Bytes.wipe(material);
        return keys;
    }

    /** IPsec DOI protocol ids (RFC 2407 section 4.4.1). */
    static int doiProtocolId(IpsecProtocol protocol) {
        return switch (protocol) {
            case AH -> 2;
            case ESP -> 3;
        };
    }

    // ---- message encryption ---------------------------------------------------------

    /** CBC-encrypts an already padded ISAKMP payload chain with Ka. */
    public byte[] encrypt(byte[] iv, byte[] paddedPlaintext) {
        return cipher.encrypt(live(encryptionKey), iv, paddedPlaintext);
    }

    /** CBC-decrypts an ISAKMP message body with Ka; the result keeps the sender's padding. */
    public byte[] decrypt(byte[] iv, byte[] ciphertext) throws InvalidCiphertextException {
        return cipher.decrypt(live(encryptionKey), iv, ciphertext);
    }

    /** Zeroes every secret; later use throws {@link IllegalStateException}. */
    public void destroy() {
        destroyed = true;
        Bytes.wipe(skeyid, skeyidD, skeyidA, skeyidE, encryptionKey);
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    /** Names the algorithms only. */
    @Override
    public String toString() {
        return "Keymat[" + prf.plainName() + ", " + cipher.plainName() + (destroyed ? ", destroyed" : "") + "]";
    }

    private byte[] live(byte[] secret) {
        if (destroyed) {
            throw new IllegalStateException("keying material already destroyed");
        }
        return secret;
    }

    private static byte[] requireCookie(byte[] cookie, String name) {
        if (cookie == null || cookie.length != 8) {
            throw new IllegalArgumentException(name + " must be 8 bytes");
        }
        return cookie.clone();
    }
}
