/**
 * The agent's durable, bounded queue of {@code SaEvent}s: events are on disk before the
 * IKE engine goes on, and leave only when the server acknowledges them (at-least-once
 * delivery; the server stores each event id once). See {@link
 * io.gatewise.agent.control.journal.EventJournal} for the API and the on-disk format.
 *
 * <p>Depends on the {@code gatewise.v1} proto classes and SLF4J only.
 */
package io.gatewise.agent.control.journal;
