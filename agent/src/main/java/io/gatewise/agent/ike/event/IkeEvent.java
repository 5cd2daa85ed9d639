package io.gatewise.agent.ike.event;

/**
 * An SA lifecycle event of the IKE engine. Every record names the peer (the configured
 * peer name, or the remote address when no configuration matched) and carries the
 * engine's clock in milliseconds.
 */
public sealed interface IkeEvent permits IkeSaEstablished, IkeSaFailed, IkeSaDeleted, IkeSaRekeyed, ChildSaEstablished,
        ChildSaFailed, ChildSaDeleted, ChildSaRekeyed, DpdTimeout {

    long timeMillis();

    String peer();

    /** One line for logs. */
    String describe();
}
