package io.gatewise.agent.events;

/** Which side started the exchange. */
public enum SaRole {
    UNKNOWN,
    INITIATOR,
    RESPONDER
}
