package io.gatewise.agent.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewise.agent.events.SaEventKind;
import io.gatewise.agent.events.SaRole;
import io.gatewise.agent.events.TunnelEvent;
import io.gatewise.agent.ike.event.ChildSaEstablished;
import io.gatewise.agent.ike.event.DpdTimeout;
import io.gatewise.agent.ike.event.IkeSaEstablished;
import io.gatewise.agent.ike.event.ChildSaRekeyed;
import io.gatewise.agent.ike.event.IkeSaFailed;
import io.gatewise.agent.ike.event.IkeSaRekeyed;
import org.junit.jupiter.api.Test;

class SaEventAdapterTest {
    @Test
    void engineEventsBecomeAuditEvents() {
        TunnelEvent p1 = SaEventAdapter.map(new IkeSaEstablished(1, "psk-main", "0011223344556677_8899aabbccddeeff",
                false, "/192.0.2.2:4500", "/192.0.2.1:4500", "192.0.2.2", "192.0.2.1", "AES-128/SHA1/MODP-2048",
                15840, true, "main", "rsa-sig", "ab12"));
        assertThat(p1.kind()).isEqualTo(SaEventKind.PHASE1_ESTABLISHED);
        assertThat(p1.tunnel()).isEqualTo("psk-main");
        assertThat(p1.role()).isEqualTo(SaRole.RESPONDER);
        assertThat(p1.initiatorCookie()).isEqualTo("0011223344556677");
        assertThat(p1.responderCookie()).isEqualTo("8899aabbccddeeff");
        assertThat(p1.peerEndpoint()).isEqualTo("192.0.2.1:4500");
        assertThat(p1.negotiated().orElseThrow().dhGroup()).isEqualTo("MODP-2048");
        assertThat(p1.negotiated().orElseThrow().natDetected()).isTrue();
        assertThat(p1.negotiated().orElseThrow().authMethod()).isEqualTo("rsa-sig");
        assertThat(p1.negotiated().orElseThrow().peerCertificateSha256()).isEqualTo("ab12");
        assertThat(p1.stage()).isEqualTo("main_mode");

        TunnelEvent child = SaEventAdapter.map(new ChildSaEstablished(2, "psk-main", "net",
                "0011223344556677_8899aabbccddeeff", "c0ffee01", "c0ffee02", "ESP AES-GCM-128/MODP-2048",
                "udp-encapsulated tunnel", "10.2.0.0/24", "10.1.0.0/24", 3960));
        assertThat(child.kind()).isEqualTo(SaEventKind.CHILD_ESTABLISHED);
        assertThat(child.child()).isEqualTo("net");
        assertThat(child.negotiated().orElseThrow().spiIn()).isEqualTo("c0ffee01");
        assertThat(child.negotiated().orElseThrow().dhGroup()).isEqualTo("MODP-2048");
        assertThat(child.negotiated().orElseThrow().encapsulation()).isEqualTo("udp-tunnel");

        TunnelEvent failed = SaEventAdapter.map(new IkeSaFailed(3, "psk-main", "0011223344556677_0000000000000000",
                "NO-PROPOSAL-CHOSEN", "peer offered AES-128/SHA1/MODP-1024", false,
                java.util.List.of("aes128-sha1-modp1024"), java.util.List.of("aes256-sha256-modp2048")));
        assertThat(failed.kind()).isEqualTo(SaEventKind.PHASE1_FAILED);
        assertThat(failed.failure().orElseThrow().sentByUs()).isTrue();
        assertThat(failed.failure().orElseThrow().offeredProposals()).containsExactly("aes128-sha1-modp1024");
        assertThat(failed.failure().orElseThrow().acceptedProposals()).containsExactly("aes256-sha256-modp2048");
        assertThat(failed.failure().orElseThrow().reason()).contains("MODP-1024");
    }

    @Test
    void rekeysBecomeRekeyedEventsNamingTheNewSaAndWhatItReplaced() {
        TunnelEvent p1 = SaEventAdapter.map(new IkeSaRekeyed(4, "psk-main", "0011223344556677_8899aabbccddeeff",
                "1111111111111111_2222222222222222", true, 1, 10));
        assertThat(p1.kind()).isEqualTo(SaEventKind.PHASE1_REKEYED);
        assertThat(p1.initiatorCookie()).as("the new SA").isEqualTo("1111111111111111");
        assertThat(p1.role()).isEqualTo(SaRole.RESPONDER);
        assertThat(p1.deletion().orElseThrow().byPeer()).isTrue();

        TunnelEvent child = SaEventAdapter.map(new ChildSaRekeyed(5, "psk-main", "net",
                "1111111111111111_2222222222222222", "c0ffee01", "c0ffee02", "c0ffee03", "c0ffee04", false, 5));
        assertThat(child.kind()).isEqualTo(SaEventKind.CHILD_REKEYED);
        assertThat(child.child()).isEqualTo("net");
        assertThat(child.role()).isEqualTo(SaRole.INITIATOR);
        assertThat(child.deletion().orElseThrow().spiIn()).as("the replaced pair").isEqualTo("c0ffee01");
        assertThat(child.deletion().orElseThrow().reason()).isEqualTo("rekeyed");
    }

    @Test
    void aDeadPeerBecomesADpdTimeoutEvent() {
        TunnelEvent e = SaEventAdapter.map(new DpdTimeout(4, "psk-main", "0011223344556677_8899aabbccddeeff",
                "/192.0.2.1:4500", 8000, 3, "RESTART"));
        assertThat(e.kind()).isEqualTo(SaEventKind.DPD_TIMEOUT);
        assertThat(e.tunnel()).isEqualTo("psk-main");
        assertThat(e.stage()).isEqualTo("dpd");
        assertThat(e.peerEndpoint()).isEqualTo("192.0.2.1:4500");
        assertThat(e.initiatorCookie()).isEqualTo("0011223344556677");
        assertThat(e.deletion().orElseThrow().byPeer()).isFalse();
        assertThat(e.deletion().orElseThrow().reason()).startsWith("dpd timeout").contains("3 DPD R-U-THERE")
                .contains("action RESTART");
    }
}
