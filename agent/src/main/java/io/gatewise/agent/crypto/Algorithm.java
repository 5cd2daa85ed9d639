package io.gatewise.agent.crypto;

/**
 * What every algorithm enum of the crypto registry can say about itself, so that logs,
 * the UI and policy checks talk about algorithms the same way whatever the IKE version.
 *
 * <p>"Weak" follows one rule for the whole project: DES, 3DES, MD5, MODP groups of 1024
 * bits and less, and NULL encryption are weak. A weak algorithm still works when a policy
 * explicitly allows it; callers use the flag to warn, refuse by default, or both.
 */
public interface Algorithm {

    /** A short human name, as used in log lines and the UI: "AES-128", "SHA1", "MODP-2048". */
    String plainName();

    /** True if the algorithm no longer gives the protection its name suggests. */
    boolean isWeak();
}
