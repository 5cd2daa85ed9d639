package io.gatewise.server.config;

import java.util.List;

/**
 * A tunnel as entered in the UI form or sent to the JSON endpoint; checked by
 * {@link TunnelValidator} before it becomes a {@link TunnelSpec}.
 *
 * @param psk the pre-shared key; blank when editing means "keep the current one"
 * @param ikeProposal one or more comma-separated IKE proposals, blank for the default
 * @param espProposal one or more comma-separated ESP proposals, blank for the default
 */
public record TunnelInput(String name, String remoteAddress, List<String> localSubnets, List<String> remoteSubnets,
                          String psk, String ikeProposal, String espProposal) {
    @Override
    public String toString() {
        return "TunnelInput[" + name + ", " + remoteAddress + ", " + localSubnets + " <-> " + remoteSubnets
                + ", psk=" + (psk == null || psk.isEmpty() ? "(unchanged)" : "(redacted)") + ", ike=" + ikeProposal
                + ", esp=" + espProposal + "]";
    }
}
