/**
 * The SA runtime, independent of the IKE version: IKE SAs and child SAs with their state,
 * the SA database that indexes them (IKE SAs by cookie pair, IPsec SAs by SPI and
 * direction), the task abstraction (strongSwan's {@code task.h}), the per-SA
 * {@link io.gatewise.agent.ike.sa.TaskManager} seam, typed failures and drop counters.
 */
package io.gatewise.agent.ike.sa;
