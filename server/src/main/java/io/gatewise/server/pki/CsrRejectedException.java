package io.gatewise.server.pki;

/** A certificate signing request we refuse to sign; the message says why in plain words. */
public class CsrRejectedException extends RuntimeException {
    public CsrRejectedException(String message) {
        super(message);
    }
}
