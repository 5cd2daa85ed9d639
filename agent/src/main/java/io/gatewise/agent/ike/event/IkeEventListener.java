package io.gatewise.agent.ike.event;

/** Receives engine events on the engine's thread; must return quickly. */
@FunctionalInterface
public interface IkeEventListener {
    void onEvent(IkeEvent event);
}
