package io.gatewise.agent.ike.proposal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProposalSelectionTest {

    private static List<IkeProposal> ike(String s) {
        return ProposalParser.parseIke(s);
    }

    private static List<EspProposal> esp(String s) {
        return ProposalParser.parseEsp(s);
    }

    @Test
    void responderTakesTheFirstAcceptableInTheInitiatorsOrder() {
        List<IkeProposal> offered = ike("aes128-sha1-modp1024, aes256-sha256-modp2048, aes128-sha1-modp2048");
        List<IkeProposal> local = ike("aes128-sha1-modp2048, aes256-sha256-modp2048");
        assertThat(ProposalSelection.selectIke(offered, local)).map(IkeProposal::describe)
                .contains("AES-256/SHA2-256/MODP-2048");
        assertThat(ProposalSelection.selectIke(ike("3des-md5-modp1024"), local)).isEmpty();
        assertThat(ProposalSelection.selectEsp(esp("aes128gcm16-ecp256, aes128-sha1-modp2048"),
                esp("aes128-sha1-modp2048, aes128gcm16-ecp256"))).map(EspProposal::describe)
                .contains("AES-GCM-128/ECP-256");
    }

    @Test
    void namesTheOneKindThatHasNothingInCommon() {
        assertThat(ProposalSelection.explainIke(ike("aes128-sha1-modp1024"),
                ike("aes128-sha1-modp2048, aes256-sha256-modp2048")))
                .isEqualTo("peer offered AES-128/SHA1/MODP-1024; local policy accepts only MODP-2048");
        assertThat(ProposalSelection.explainIke(ike("3des-md5-modp1024"), ike("aes128-sha256-modp2048-ecp256")))
                .isEqualTo("peer offered 3DES/MD5/MODP-1024; local policy accepts only AES-128; SHA2-256; "
                        + "MODP-2048, ECP-256");
    }

    @Test
    void listsCombinationsWhenEveryKindOverlaps() {
        assertThat(ProposalSelection.explainIke(ike("aes128-sha256-modp2048, aes256-sha1-modp2048"),
                ike("aes128-sha1-modp2048, aes256-sha256-modp2048")))
                .isEqualTo("peer offered AES-128/SHA2-256/MODP-2048, AES-256/SHA1/MODP-2048; local policy accepts "
                        + "only the combinations AES-128/SHA1/MODP-2048, AES-256/SHA2-256/MODP-2048");
    }

    @Test
    void explainsPfsMismatches() {
        assertThat(ProposalSelection.explainEsp(esp("aes128-sha1"), esp("aes128-sha1-modp2048")))
                .isEqualTo("peer offered AES-128/SHA1; local policy accepts only PFS MODP-2048");
        assertThat(ProposalSelection.explainEsp(esp("aes128gcm16-ecp256"), esp("aes128-sha256-ecp256")))
                .isEqualTo("peer offered AES-GCM-128/ECP-256; local policy accepts only AES-128; SHA2-256");
        assertThat(ProposalSelection.explainEsp(List.of(), esp("aes128-sha1")))
                .isEqualTo("peer offered nothing; local policy accepts only the combinations AES-128/SHA1");
    }
}
