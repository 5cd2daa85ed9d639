package io.gatewise.agent.ike;

import static io.gatewise.agent.ike.EngineFixtures.LEFT;
import static io.gatewise.agent.ike.EngineFixtures.RIGHT;
import static io.gatewise.agent.ike.EngineFixtures.SETTINGS;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.gatewise.agent.ike.config.PeerConfig;
import io.gatewise.agent.ike.config.PreSharedKey;
import io.gatewise.agent.ike.proposal.ProposalParser;
import io.gatewise.agent.ike.event.ChildSaDeleted;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.event.ChildSaFailed;
import io.gatewise.agent.ike.event.IkeSaDeleted;
import io.gatewise.agent.ike.event.IkeSaEstablished;
import io.gatewise.agent.ike.event.IkeSaFailed;
import io.gatewise.agent.ike.sa.DropReason;

/** Mismatches end with the right notification and a reason in plain words, on both sides. */
class EngineFailureTest {
    private static final String PSK = "interop-test-psk-0123456789";
    private static final String IKE = "aes128-sha1-modp2048";
    private static final String ESP = "aes128-sha1-modp2048";

    private final FakeNetwork net = new FakeNetwork();
    private final FakeNetwork.Node left = net.add(LEFT, SETTINGS, 11);
    private final FakeNetwork.Node right = net.add(RIGHT, SETTINGS, 12);

    @Test
    void noCommonProposalIsRefusedWithNoProposalChosenAndSaysWhatWasOffered() {
        left.engine.addPeer(EngineFixtures.leftPeer("aes128-sha1-modp1024", ESP, PSK));
        right.engine.addPeer(EngineFixtures.rightPeer("aes128-sha1-modp2048, aes256-sha256-modp2048", ESP, PSK));
        left.engine.initiate("right", null, net.now());
        net.run();

        IkeSaFailed r = right.events(IkeSaFailed.class).get(0);
        assertThat(r.notifyType()).isEqualTo("NO-PROPOSAL-CHOSEN");
        assertThat(r.reason()).isEqualTo("peer offered AES-128/SHA1/MODP-1024; local policy accepts only MODP-2048");
        // the audit gets both lists, not only the sentence
        assertThat(r.offered()).containsExactly("aes128-sha1-modp1024");
        assertThat(r.accepted()).containsExactly("aes128-sha1-modp2048", "aes256-sha256-modp2048");
        IkeSaFailed l = left.events(IkeSaFailed.class).get(0);
        assertThat(l.byPeer()).isTrue();
        assertThat(l.notifyType()).isEqualTo("NO-PROPOSAL-CHOSEN");
        assertThat(l.offered()).containsExactly("aes128-sha1-modp1024");
        assertThat(l.accepted()).isEmpty();
        assertThat(left.engine.ikeSaCount()).isZero();
        assertThat(right.engine.ikeSaCount()).isZero();
        assertThat(right.engine.halfOpenCount()).isZero();
    }

    @Test
    void wrongPreSharedKeyFailsAuthenticationOnceTheBadMessageRepeats() {
        left.engine.addPeer(EngineFixtures.leftPeer(IKE, ESP, PSK));
        right.engine.addPeer(EngineFixtures.rightPeer(IKE, ESP, "another-key"));
        left.engine.initiate("right", null, net.now());
        net.run();
        // message 5 did not decrypt: dropped, nothing else yet (it may have been forged)
        assertThat(right.events).isEmpty();
        assertThat(right.engine.counters().droppedCount(DropReason.INTEGRITY)).isEqualTo(1);
        assertThat(right.engine.halfOpenCount()).isEqualTo(1);

        net.advance(SETTINGS.retransmitDelay(0));          // left retransmits message 5
        IkeSaFailed r = right.events(IkeSaFailed.class).get(0);
        assertThat(r.notifyType()).isEqualTo("AUTHENTICATION-FAILED");
        assertThat(r.reason()).contains("pre-shared keys of the two sides probably differ");
        IkeSaFailed l = left.events(IkeSaFailed.class).get(0);
        assertThat(l.byPeer()).isTrue();
        assertThat(l.notifyType()).isEqualTo("AUTHENTICATION-FAILED");
        assertThat(left.engine.ikeSaCount()).isZero();
        assertThat(right.engine.ikeSaCount()).isZero();
    }

    @Test
    void trafficSelectorsThatDoNotMatchAreRefusedWithInvalidIdInformation() {
        left.engine.addPeer(EngineFixtures.leftPeer(IKE, ESP, PSK));
        right.engine.addPeer(PeerConfig.simple("left", RIGHT, LEFT, PreSharedKey.ofUtf8(PSK), ProposalParser.parseIke(IKE),
                List.of(EngineFixtures.child("net", "10.2.0.0/24", "10.1.0.0/25", ESP))));
        left.engine.initiate("right", null, net.now());
        net.run();

        assertThat(right.events(IkeSaEstablished.class)).hasSize(1);
        ChildSaFailed r = right.events(ChildSaFailed.class).get(0);
        assertThat(r.notifyType()).isEqualTo("INVALID-ID-INFORMATION");
        assertThat(r.reason()).isEqualTo("peer proposed 10.1.0.0/24 <-> 10.2.0.0/24; configured: "
                + "10.1.0.0/25 <-> 10.2.0.0/24 (narrowing is not supported)");
        ChildSaFailed l = left.events(ChildSaFailed.class).get(0);
        assertThat(l.byPeer()).isTrue();
        assertThat(l.notifyType()).isEqualTo("INVALID-ID-INFORMATION");
        // the IKE SA stays, nothing is installed, SPI reservations are given back
        assertThat(left.engine.ikeSaCount()).isEqualTo(1);
        assertThat(left.backend.sas()).isEmpty();
        assertThat(right.backend.sas()).isEmpty();
        assertThat(left.backend.reservedSpis()).isEmpty();
        assertThat(right.backend.reservedSpis()).isEmpty();
    }

    @Test
    void espProposalMismatchIsNoProposalChosenForTheChildOnly() {
        left.engine.addPeer(EngineFixtures.leftPeer(IKE, "aes128-sha1", PSK));
        right.engine.addPeer(EngineFixtures.rightPeer(IKE, "aes256-sha256-modp2048", PSK));
        left.engine.initiate("right", null, net.now());
        net.run();
        ChildSaFailed r = right.events(ChildSaFailed.class).get(0);
        assertThat(r.notifyType()).isEqualTo("NO-PROPOSAL-CHOSEN");
        assertThat(r.reason()).isEqualTo("child net: peer offered AES-128/SHA1; local policy accepts only "
                + "AES-256; SHA2-256; PFS MODP-2048");
        assertThat(r.offered()).containsExactly("aes128-sha1");
        assertThat(r.accepted()).containsExactly("aes256-sha256-modp2048");
        assertThat(left.events(ChildSaFailed.class)).hasSize(1);
        assertThat(left.events(ChildSaFailed.class).get(0).offered()).containsExactly("aes128-sha1");
        assertThat(right.engine.ikeSaCount()).isEqualTo(1);
    }

    @Test
    void terminateDeletesBothSidesWithDeletePayloads() {
        left.engine.addPeer(EngineFixtures.leftPeer(IKE, ESP, PSK));
        right.engine.addPeer(EngineFixtures.rightPeer(IKE, ESP, PSK));
        left.engine.initiate("right", null, net.now());
        net.run();
        assertThat(right.backend.sas()).hasSize(2);

        left.engine.terminate("right", net.now());
        net.run();
        assertThat(right.events(ChildSaDeleted.class)).extracting(ChildSaDeleted::reason)
                .containsExactly("deleted by peer");
        assertThat(right.events(IkeSaDeleted.class)).extracting(IkeSaDeleted::reason)
                .containsExactly("deleted by peer");
        assertThat(left.events(IkeSaDeleted.class)).extracting(IkeSaDeleted::reason)
                .containsExactly("terminated locally");
        assertThat(left.backend.sas()).isEmpty();
        assertThat(right.backend.sas()).isEmpty();
        assertThat(left.backend.policies()).isEmpty();
        assertThat(right.engine.ikeSaCount()).isZero();
        assertThat(left.engine.ikeSaCount()).isZero();
    }

    @Test
    void secondChildReusesTheIkeSa() {
        left.engine.addPeer(EngineFixtures.leftPeer(IKE, ESP, PSK));
        right.engine.addPeer(EngineFixtures.rightPeer(IKE, ESP, PSK));
        left.engine.initiate("right", null, net.now());
        net.run();
        left.engine.initiate("right", "net", net.now());
        net.run();
        assertThat(left.events(IkeSaEstablished.class)).hasSize(1);
        assertThat(left.events(ChildSaEstablished.class)).hasSize(2);
        assertThat(right.engine.childSaCount()).isEqualTo(2);
        assertThat(right.backend.sas()).hasSize(4);
    }

    @Test
    void manyChildrenAtOnceAllComeUp() {
        java.util.List<io.gatewise.agent.ike.config.ChildConfig> lc = new java.util.ArrayList<>();
        java.util.List<io.gatewise.agent.ike.config.ChildConfig> rc = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lc.add(EngineFixtures.child("c" + i, "10.1." + i + ".0/24", "10.2." + i + ".0/24", "aes128-sha1"));
            rc.add(EngineFixtures.child("c" + i, "10.2." + i + ".0/24", "10.1." + i + ".0/24", "aes128-sha1"));
        }
        left.engine.addPeer(PeerConfig.simple("right", LEFT, RIGHT, PreSharedKey.ofUtf8(PSK), ProposalParser.parseIke(IKE),
                lc));
        right.engine.addPeer(PeerConfig.simple("left", RIGHT, LEFT, PreSharedKey.ofUtf8(PSK), ProposalParser.parseIke(IKE),
                rc));
        left.engine.initiate("right", null, net.now());
        net.run();
        assertThat(left.events(ChildSaEstablished.class)).hasSize(20);
        assertThat(right.events(ChildSaEstablished.class)).extracting(ChildSaEstablished::child)
                .containsExactlyInAnyOrderElementsOf(lc.stream().map(c -> c.name()).toList());
        assertThat(right.backend.sas()).hasSize(40);
        assertThat(left.engine.counters().droppedTotal()).isZero();
    }
}
