package io.gatewise.agent.ike.proposal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gatewise.agent.crypto.DhGroup;
import io.gatewise.agent.crypto.HashAlgorithm;
import io.gatewise.agent.crypto.IkeCipher;
import io.gatewise.agent.ipsec.EncryptionAlgorithm;
import io.gatewise.agent.ipsec.IntegrityAlgorithm;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProposalParserTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            aes128-sha1-modp2048   | AES-128/SHA1/MODP-2048      | false
            aes256-sha256-ecp256   | AES-256/SHA2-256/ECP-256    | false
            3des-md5-modp1024      | 3DES/MD5/MODP-1024          | true
            aes256-sha384-modp3072 | AES-256/SHA2-384/MODP-3072  | false
            AES192-SHA512-ECP384   | AES-192/SHA2-512/ECP-384    | false
            aes-sha-modp1536       | AES-128/SHA1/MODP-1536      | false
            des-sha2_256-modp4096  | DES/SHA2-256/MODP-4096      | true
            aes128-sha256-prfsha256-modp2048 | AES-128/SHA2-256/MODP-2048 | false
            """)
    void parsesIkeProposals(String text, String described, boolean weak) {
        List<IkeProposal> proposals = ProposalParser.parseIke(text);
        assertThat(proposals).hasSize(1);
        assertThat(proposals.get(0).describe()).isEqualTo(described);
        assertThat(proposals.get(0).isWeak()).isEqualTo(weak);
    }

    @Test
    void ikeProposalIsTyped() {
        IkeProposal p = ProposalParser.parseIke("aes128-sha1-modp2048").get(0);
        assertThat(p).isEqualTo(new IkeProposal(IkeCipher.AES_CBC_128, HashAlgorithm.SHA1, DhGroup.MODP_2048));
        assertThat(p.prf().plainName()).isEqualTo("HMAC-SHA1");
        assertThat(ProposalParser.parseIke("3des-md5-modp1024").get(0).weakAlgorithms())
                .containsExactly("3DES", "MD5", "MODP-1024");
    }

    @Test
    void listsKeepTheirOrderAndSeveralAlgorithmsOfAKindExpand() {
        assertThat(ProposalParser.parseIke(" aes128-sha1-modp2048 ,aes256-sha256-modp2048"))
                .extracting(IkeProposal::describe)
                .containsExactly("AES-128/SHA1/MODP-2048", "AES-256/SHA2-256/MODP-2048");
        assertThat(ProposalParser.parseIke("aes128-aes256-sha1-modp2048-ecp256, aes128-sha1-modp2048"))
                .extracting(IkeProposal::describe)
                .containsExactly("AES-128/SHA1/MODP-2048", "AES-128/SHA1/ECP-256",
                        "AES-256/SHA1/MODP-2048", "AES-256/SHA1/ECP-256");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            aes128gcm16-ecp256     | AES-GCM-128/ECP-256        | AES_GCM_16_128 |                   | ECP_256
            aes256gcm16            | AES-GCM-256                | AES_GCM_16_256 |                   |
            aes128-sha256-modp2048 | AES-128/SHA2-256/MODP-2048 | AES_CBC_128    | HMAC_SHA2_256_128 | MODP_2048
            aes128-sha1            | AES-128/SHA1               | AES_CBC_128    | HMAC_SHA1_96      |
            3des-md5               | 3DES/MD5                   | TRIPLE_DES_CBC | HMAC_MD5_96       |
            null-sha512-noesn      | NULL/SHA2-512              | NULL           | HMAC_SHA2_512_256 |
            aes256-sha384-esn      | AES-256/SHA2-384/ESN       | AES_CBC_256    | HMAC_SHA2_384_192 |
            aes128gcm128           | AES-GCM-128                | AES_GCM_16_128 |                   |
            """)
    void parsesEspProposals(String text, String described, EncryptionAlgorithm enc, IntegrityAlgorithm integ,
            DhGroup pfs) {
        List<EspProposal> proposals = ProposalParser.parseEsp(text);
        assertThat(proposals).hasSize(1);
        EspProposal p = proposals.get(0);
        assertThat(p.describe()).isEqualTo(described);
        assertThat(p.encryption()).isEqualTo(enc);
        assertThat(p.integrity()).isEqualTo(integ);
        assertThat(p.pfsGroup()).isEqualTo(pfs);
    }

    @Test
    void espWeakness() {
        assertThat(ProposalParser.parseEsp("3des-md5-modp1024").get(0).weakAlgorithms())
                .containsExactly("3DES", "MD5", "MODP-1024");
        assertThat(ProposalParser.parseEsp("null-sha256").get(0).weakAlgorithms()).containsExactly("NULL");
        assertThat(ProposalParser.parseEsp("aes128gcm16-ecp256").get(0).isWeak()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            aes512-sha1-modp2048       | aes512     | unknown algorithm "aes512" in IKE proposal "aes512-sha1-modp2048"
            aes128-sha1                |            | IKE proposal "aes128-sha1" has no DH group
            aes128-modp2048            |            | has no hash algorithm
            sha1-modp2048              |            | has no encryption algorithm
            aes128gcm16-sha1-modp2048  | aes128gcm16 | CBC ciphers only
            aes128-sha1-modp2048-esn   | esn        | belongs in ESP proposals
            aes128-sha1-curve25519     | curve25519 | DH group not supported
            aes128-sha1-prfsha256-modp2048 | prfsha256 | HMAC of the hash
            aes128--sha1-modp2048      |            | empty algorithm
            'aes128-sha1-modp2048,'    |            | empty IKE proposal
            """)
    void ikeErrorsNameTheToken(String text, String token, String message) {
        assertThatThrownBy(() -> ProposalParser.parseIke(text))
                .isInstanceOf(ProposalSyntaxException.class)
                .hasMessageContaining(message)
                .satisfies(e -> {
                    if (token != null) {
                        assertThat(((ProposalSyntaxException) e).token()).isEqualTo(token);
                    }
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            aes128gcm16-sha256-ecp256 | sha256      | AES-GCM already authenticates, remove sha256
            aes128                    |             | has no integrity algorithm
            aes192gcm16               | aes192gcm16 | only AES-GCM with 128- or 256-bit keys
            des-sha1                  | des         | single DES is not offered for ESP
            aes128-sha1-prfsha1       | prfsha1     | a PRF belongs in IKE proposals
            aes128-aes128gcm16-sha1   |             | mixes AES-GCM with non-AEAD ciphers
            aes128-sha1-modp9999      | modp9999    | unknown algorithm "modp9999" in ESP proposal "aes128-sha1-modp9999"
            """)
    void espErrorsNameTheToken(String text, String token, String message) {
        assertThatThrownBy(() -> ProposalParser.parseEsp(text))
                .isInstanceOf(ProposalSyntaxException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((ProposalSyntaxException) e).token()).isEqualTo(token));
    }

    @Test
    void emptyListsAreErrors() {
        assertThatThrownBy(() -> ProposalParser.parseIke(" ")).isInstanceOf(ProposalSyntaxException.class);
        assertThatThrownBy(() -> ProposalParser.parseEsp(null)).isInstanceOf(ProposalSyntaxException.class);
    }

    @Provide
    Arbitrary<IkeProposal> ikeProposals() {
        return Combinators.combine(Arbitraries.of(IkeCipher.class), Arbitraries.of(HashAlgorithm.class),
                Arbitraries.of(DhGroup.class)).as(IkeProposal::new);
    }

    @Provide
    Arbitrary<EspProposal> espProposals() {
        return Combinators.combine(Arbitraries.of(EncryptionAlgorithm.class), Arbitraries.of(IntegrityAlgorithm.class),
                Arbitraries.of(DhGroup.class).injectNull(0.3), Arbitraries.of(true, false))
                .as((e, i, g, esn) -> new EspProposal(e, e.isAead() ? null : i, g, esn));
    }

    @Property(tries = 200)
    void ikeProposalsSurviveAStrongswanRoundTrip(@ForAll("ikeProposals") IkeProposal p) {
        assertThat(ProposalParser.parseIke(p.toStrongswan())).containsExactly(p);
    }

    @Property(tries = 200)
    void espProposalsSurviveAStrongswanRoundTrip(@ForAll("espProposals") EspProposal p) {
        assertThat(ProposalParser.parseEsp(p.toStrongswan())).containsExactly(p);
    }
}
