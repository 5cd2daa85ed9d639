/**
 * Composition of a running gateway: the IKE engine, the userspace ESP datapath and the
 * kernel routes, put together and driven by configs.
 *
 * <pre>
 *   cli ─► control (reconciler, standalone file) ─► ConfigApplier
 *                                                      │
 *        gateway: IkeConfigApplier ─ TunnelTranslator (AgentConfig → PeerConfig, pure)
 *                     │
 *                 LinuxGateway: IkeService on DatapathIkeTransport (UDP 500 own socket,
 *                     UDP 4500 through the datapath, decision D4), UserspaceIpsecBackend,
 *                     routes into the TUN (NetworkConfigurator)
 * </pre>
 *
 * This package may use {@code ike}, {@code datapath}, {@code ipsec}, {@code net} and
 * {@code config}; nothing below it uses this package, and it never uses {@code control}.
 */
package io.gatewise.agent.gateway;
