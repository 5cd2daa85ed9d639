package io.gatewise.agent.ike.v1;

import java.util.Arrays;

import io.gatewise.agent.crypto.InvalidCiphertextException;
import io.gatewise.agent.ike.codec.NotifyType;
import io.gatewise.agent.ike.sa.IkeException;
import io.gatewise.agent.ike.sa.IkeSa;

/**
 * Encryption of ISAKMP bodies with the phase 1 key Ka and the IV chain of RFC 2409
 * Appendix B. Sending advances the chain at once; a received message advances it only
 * through {@link #accept} once it is authenticated, so forged datagrams cannot
 * desynchronise it.
 */
final class MessageCrypto {
    private MessageCrypto() {
    }

    /** Pads with zeros to the block size (RFC 2408 section 3.1: padding is the sender's choice) and encrypts. */
    static byte[] encrypt(IkeSa sa, int messageId, byte[] plain) {
        int bs = sa.keymat().cipher().blockSize();
        int padded = (plain.length + bs - 1) / bs * bs;
        byte[] p = Arrays.copyOf(plain, Math.max(padded, bs));
        byte[] cipher = sa.keymat().encrypt(sa.ivs().iv(messageId), p);
        sa.ivs().update(messageId, cipher);
        return cipher;
    }

    /** Decrypts with the current IV of the message id; the chain is not advanced. */
    static byte[] decrypt(IkeSa sa, int messageId, byte[] cipher) throws IkeException {
        try {
            return sa.keymat().decrypt(sa.ivs().iv(messageId), cipher);
        } catch (InvalidCiphertextException e) {
            throw IkeException.integrity(NotifyType.PAYLOAD_MALFORMED, e.getMessage());
        }
    }

    /** The received cipher text was authenticated: it now defines the next IV. */
    static void accept(IkeSa sa, int messageId, byte[] cipher) {
        sa.ivs().update(messageId, cipher);
    }
}
