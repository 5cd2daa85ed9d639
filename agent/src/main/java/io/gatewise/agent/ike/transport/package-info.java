/**
 * How IKE datagrams enter and leave the engine: the {@link io.gatewise.agent.ike.transport.IkeTransport}
 * seam and a plain {@code DatagramChannel} implementation owning UDP 500 and 4500.
 *
 * <p>The engine sees ISAKMP messages only: on the NAT-T port the transport strips the
 * four-byte non-ESP marker on receipt and adds it on sending (RFC 3948 section 2.2), and
 * it swallows one-byte NAT-keepalives (RFC 3948 section 2.3). UDP 4500 will later be
 * owned by the ESP datapath, which then hands IKE datagrams to the engine through the
 * same {@link io.gatewise.agent.ike.transport.Datagram} type.
 */
package io.gatewise.agent.ike.transport;
