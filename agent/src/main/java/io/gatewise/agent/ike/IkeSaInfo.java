package io.gatewise.agent.ike;

import java.util.List;

import io.gatewise.agent.ike.sa.ChildSa;

/** A snapshot of one IKE SA for status pages and tests. */
public record IkeSaInfo(String peer, String ikeSa, String state, boolean initiator, String local, String remote,
        String proposal, boolean natT, List<ChildSa> children) {
    public IkeSaInfo {
        children = List.copyOf(children);
    }
}
