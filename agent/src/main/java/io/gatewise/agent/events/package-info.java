/**
 * What the IKE engine and the datapath report, in plain Java: {@link
 * io.gatewise.agent.events.SaEventSink} takes negotiation and SA life-cycle events (made
 * durable before {@code report} returns), {@link io.gatewise.agent.events.StatusProvider}
 * is polled for live SA state and counters. The control plane implements the sink (the
 * on-disk journal) and polls the provider; the engine depends on this package only, never
 * on {@code control}, and nothing here knows protobuf or gRPC.
 */
package io.gatewise.agent.events;
