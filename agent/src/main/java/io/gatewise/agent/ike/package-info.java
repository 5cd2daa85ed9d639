/**
 * The IKE engine of the agent, without I/O: it consumes datagrams and clock ticks and
 * emits datagrams (through a {@link io.gatewise.agent.ike.transport.DatagramSink}),
 * events (through an {@link io.gatewise.agent.ike.event.IkeEventListener}) and SAs
 * (through {@link io.gatewise.agent.ipsec.IpsecBackend}). Timers and sockets live
 * outside: {@link io.gatewise.agent.ike.IkeService} drives it from a transport's event
 * loop; tests drive it by hand.
 *
 * <pre>
 *   codec (pure) ◄── v1 tasks / TaskManagerV1 ◄── IkeEngine ◄── IkeService ◄── transport
 *                          │                         │
 *                    keymat, crypto            sa (SAs, database, tasks seam)
 * </pre>
 */
package io.gatewise.agent.ike;
