package io.gatewise.server.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.gatewise.proto.v1.IdentityType;

class ProtoMappingTest {
    @Test
    void identityTypeFollowsTheAddressForm() {
        assertThat(ProtoMapping.identity("192.0.2.7").getType()).isEqualTo(IdentityType.IDENTITY_TYPE_IPV4_ADDR);
        assertThat(ProtoMapping.identity("2001:db8::7").getType()).isEqualTo(IdentityType.IDENTITY_TYPE_IPV6_ADDR);
        assertThat(ProtoMapping.identity("gw.example.net").getType()).isEqualTo(IdentityType.IDENTITY_TYPE_FQDN);
        assertThat(ProtoMapping.identity("gw.example.net").getValue()).isEqualTo("gw.example.net");
    }
}
