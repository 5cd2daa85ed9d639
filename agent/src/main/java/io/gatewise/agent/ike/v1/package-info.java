/**
 * IKEv1 (RFC 2409) on top of the codec, the keymat and the SA runtime: the task manager
 * that moves messages (decrypt, rules, dispatch, retransmit, duplicates, failures to
 * notifications), and one task per exchange and role, strongSwan style:
 *
 * <pre>
 *   phase 1 (message id 0):  VendorIdTask → MainModeTask → NatDetectionTask
 *   phase 2 (per message id): QuickModeTask
 *   informational:            Informational (HASH(1)-protected Notify and Delete)
 * </pre>
 *
 * Proposal handling (first acceptable proposal in the initiator's order, the initiator
 * checks the answer is one it offered) is in {@link io.gatewise.agent.ike.v1.Phase1Proposals}
 * and {@link io.gatewise.agent.ike.v1.Phase2Proposals}.
 */
package io.gatewise.agent.ike.v1;
