package io.gatewise.agent.config;

/**
 * The seam between the control plane and whatever runs tunnels (the IKE engine in later
 * issues). The reconciler calls it with a validated config, one call at a time, never
 * concurrently.
 *
 * <p>Contract: {@code apply} is all-or-nothing from the caller's point of view. It either
 * returns, and the given config is what runs now, or it throws
 * {@link ConfigRejectedException}, and the config that ran before the call keeps
 * running. Implementations decide themselves which tunnels changed (compare by
 * {@link TunnelConfig#name()}) and leave the others untouched. It lives in this package,
 * not in {@code control}, so that the IKE engine can implement it without depending on
 * the control plane.
 */
@FunctionalInterface
public interface ConfigApplier {

    /**
     * Makes {@code config} the running configuration.
     *
     * @throws ConfigRejectedException when the config cannot run here (for example an
     *                                 algorithm the engine does not implement); the message
     *                                 says why in plain words and goes to the server
     */
    void apply(AgentConfig config) throws ConfigRejectedException;
}
