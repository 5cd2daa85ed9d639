package io.gatewise.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.system.Secret;
import io.gatewise.server.testsupport.Gateways;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;

/**
 * A tunnel with weak settings (Aggressive Mode with a PSK) shows a visible warning in the
 * gateway page's tunnel list and in the config API; a tunnel without them shows none.
 */
@GatewiseIntegrationTest
class TunnelWeaknessPageTest {
    @Autowired
    WebApplicationContext context;
    @Autowired
    GatewayService gateways;
    @Autowired
    DesiredConfigService configs;

    @Test
    void aggressiveModeWithAPskIsFlaggedOnTheGatewayPageAndInTheApi() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
        UUID id = Gateways.create(gateways, "weak").gateway().getId();
        TunnelOptions aggressive = new TunnelOptions(TunnelOptions.IkeMode.AGGRESSIVE, TunnelOptions.AuthMethod.PSK,
                new TunnelIdentity(TunnelIdentity.Type.FQDN, "a.example.net"),
                new TunnelIdentity(TunnelIdentity.Type.FQDN, "b.example.net"), 28_800, 3_600, 0, 30, 150,
                TunnelOptions.DpdAction.RESTART, true, false, TunnelOptions.StartAction.START,
                TunnelOptions.VpnType.POLICY_BASED, List.of());
        configs.setCompiledTunnels(id, List.of(
                new TunnelSpec("a--b", "192.0.2.2", List.of("10.1.0.0/24"), List.of("10.2.0.0/24"),
                        Secret.of("weak-page-psk-0123456789"), List.of("aes256-sha256-modp2048"),
                        List.of("aes256-sha256"), aggressive),
                new TunnelSpec("a--c", "192.0.2.3", List.of("10.1.0.0/24"), List.of("10.3.0.0/24"),
                        Secret.of("fine-page-psk-0123456789"), List.of("aes256-sha256-modp2048"),
                        List.of("aes256-sha256"))), "test");

        String html = mvc.perform(get("/gateways/{id}", id).accept(MediaType.TEXT_HTML)
                        .with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(html).contains("Aggressive Mode · pre-shared key", "Main Mode · pre-shared key");
        assertThat(html.split("class=\"alert alert-warn small tunnel-weakness\"", -1)).as("one warning, on a--b")
                .hasSize(2);
        assertThat(html).contains("Warning: Aggressive Mode with a pre-shared key: identities are sent in clear and"
                + " the PSK hash is exposed to offline guessing");
        assertThat(html).doesNotContain("weak-page-psk");

        mvc.perform(get("/api/gateways/{id}/config", id).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tunnels[0].options.ikeMode").value("AGGRESSIVE"))
                .andExpect(jsonPath("$.tunnels[0].weaknesses[0]").value(org.hamcrest.Matchers.containsString(
                        "offline guessing")))
                .andExpect(jsonPath("$.tunnels[1].weaknesses").isEmpty());
    }
}
