package io.gatewise.agent.ike;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import io.gatewise.agent.ike.config.ChildConfig;
import io.gatewise.agent.ike.config.EngineSettings;
import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.config.PreSharedKey;
import io.gatewise.agent.ike.proposal.ProposalParser;
import io.gatewise.agent.ike.v1.TrafficSelectors;

/** The two-gateway setup most engine tests use: 192.0.2.1 (10.1.0.0/24) and 192.0.2.2 (10.2.0.0/24). */
public final class EngineFixtures {
    public static final InetAddress LEFT = addr("192.0.2.1");
    public static final InetAddress RIGHT = addr("192.0.2.2");
    public static final EngineSettings SETTINGS = EngineSettings.DEFAULT;

    private EngineFixtures() {
    }

    public static InetAddress addr(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static ChildConfig child(String name, String localNet, String remoteNet, String esp) {
        String[] l = localNet.split("/");
        String[] r = remoteNet.split("/");
        return ChildConfig.tunnel(name, TrafficSelectors.subnet(addr(l[0]), Integer.parseInt(l[1])),
                TrafficSelectors.subnet(addr(r[0]), Integer.parseInt(r[1])), ProposalParser.parseEsp(esp));
    }

    /** The left gateway's view of right. */
    public static PeerConfig leftPeer(String ike, String esp, String psk) {
        return PeerConfig.simple("right", LEFT, RIGHT, PreSharedKey.ofUtf8(psk), ProposalParser.parseIke(ike),
                List.of(child("net", "10.1.0.0/24", "10.2.0.0/24", esp)));
    }

    /** The right gateway's view of left. */
    public static PeerConfig rightPeer(String ike, String esp, String psk) {
        return PeerConfig.simple("left", RIGHT, LEFT, PreSharedKey.ofUtf8(psk), ProposalParser.parseIke(ike),
                List.of(child("net", "10.2.0.0/24", "10.1.0.0/24", esp)));
    }
}
