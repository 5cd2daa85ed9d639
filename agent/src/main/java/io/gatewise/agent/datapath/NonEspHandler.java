package io.gatewise.agent.datapath;

/**
 * Receives what arrives on UDP 4500 with the non-ESP marker (four zero bytes, RFC 3948
 * section 2.2): IKE messages, marker already removed. Called on a datapath thread: copy
 * what you need and return quickly.
 */
@FunctionalInterface
public interface NonEspHandler {
    void onNonEsp(int srcAddress, int srcPort, byte[] data, int off, int len);
}
