package io.gatewise.agent.crypto;

import java.security.GeneralSecurityException;

/**
 * Ciphertext from the network cannot be decrypted as given, for example because its
 * length is not a multiple of the cipher's block size. The message is dropped and counted.
 */
public final class InvalidCiphertextException extends GeneralSecurityException {

    private static final long serialVersionUID = 1L;

    public InvalidCiphertextException(String message) {
        super(message);
    }
}
