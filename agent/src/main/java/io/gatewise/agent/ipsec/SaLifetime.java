package io.gatewise.agent.ipsec;

/**
 * Soft and hard limits of an SA. At the soft limit the backend tells IKE to rekey; at
 * the hard limit the SA stops being used. 0 means "no limit" for each value.
 */
public record SaLifetime(long softSeconds, long hardSeconds, long softBytes, long hardBytes) {
    public static final SaLifetime UNLIMITED = new SaLifetime(0, 0, 0, 0);
}
