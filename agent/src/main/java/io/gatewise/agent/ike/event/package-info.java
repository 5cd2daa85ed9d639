/**
 * What the IKE engine tells the rest of the agent: plain records for SAs coming up,
 * failing and going away, each with a reason in plain words. The status/audit pipeline
 * turns them into SaEvents for the server.
 */
package io.gatewise.agent.ike.event;
