package io.gatewise.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.testsupport.Gateways;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;

/** The session-authenticated JSON endpoint for tunnels, through the real security filter chain. */
@GatewiseIntegrationTest
class ConfigRestControllerTest {
    private static final String TUNNEL = """
            {"name": "to-dc", "remoteAddress": "203.0.113.44", "localSubnets": ["10.1.0.0/24"],
             "remoteSubnets": ["10.50.0.0/16"], "psk": "rest-api-psk-0123456789",
             "ikeProposal": "aes256-sha256-modp2048", "espProposal": "aes256gcm16-ecp384"}""";

    @Autowired
    WebApplicationContext context;
    @Autowired
    GatewayService gateways;

    MockMvc mvc;
    UUID id;
    final RequestPostProcessor admin = user("admin").roles("ADMIN");

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        id = Gateways.create(gateways, "rest").gateway().getId();
    }

    @Test
    void anonymousCallersGet401AndPagesRedirectToLogin() throws Exception {
        mvc.perform(get("/api/gateways/{id}/config", id)).andExpect(status().isUnauthorized());
        mvc.perform(get("/api/gateways")).andExpect(status().isUnauthorized());
        mvc.perform(get("/gateways").accept(MediaType.TEXT_HTML))
                .andExpect(status().is3xxRedirection())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl("/login"));
    }

    @Test
    void writesWithoutCsrfTokenAreForbidden() throws Exception {
        mvc.perform(post("/api/gateways/{id}/tunnels", id).with(admin)
                        .contentType(MediaType.APPLICATION_JSON).content(TUNNEL))
                .andExpect(status().isForbidden());
    }

    @Test
    void addReadReplaceAndDeleteATunnel() throws Exception {
        mvc.perform(post("/api/gateways/{id}/tunnels", id).with(admin).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON).content(TUNNEL))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.version").value(2));

        String body = mvc.perform(get("/api/gateways/{id}/config", id).with(admin))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(2))
                .andExpect(jsonPath("$.tunnels[0].name").value("to-dc"))
                .andExpect(jsonPath("$.tunnels[0].pskSet").value(true))
                .andExpect(jsonPath("$.tunnels[0].espProposals[0]").value("aes256gcm16-ecp384"))
                .andExpect(jsonPath("$.history[0].version").value(2))
                .andReturn().getResponse().getContentAsString();
        assertThat(body).doesNotContain("rest-api-psk");

        mvc.perform(put("/api/gateways/{id}/tunnels/{name}", id, "to-dc").with(admin).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(TUNNEL.replace("\"to-dc\"", "\"to-dc-2\"").replace("rest-api-psk-0123456789", "")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(3));

        mvc.perform(delete("/api/gateways/{id}/tunnels/{name}", id, "to-dc-2").with(admin).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(4));
    }

    @Test
    void propagationTimerIsExportedForPrometheus() throws Exception {
        String metrics = mvc.perform(get("/actuator/prometheus").with(admin))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(metrics).contains("gatewise_config_propagation_seconds_count").contains("gatewise_agents_connected");
        mvc.perform(get("/actuator/prometheus")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
    }

    @Test
    void mistakesAre400WithAMessagePerField() throws Exception {
        mvc.perform(post("/api/gateways/{id}/tunnels", id).with(admin).with(csrf())
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(TUNNEL.replace("10.50.0.0/16", "10.50.0.1/16").replace("aes256-sha256-modp2048", "des-md5")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors.remoteSubnets").value(org.hamcrest.Matchers.containsString("host bits")))
                .andExpect(jsonPath("$.errors.ikeProposal").value(org.hamcrest.Matchers.containsString("too weak")));
    }

    @Test
    void unknownGatewayOrTunnelIs404() throws Exception {
        mvc.perform(get("/api/gateways/{id}/config", UUID.randomUUID()).with(admin)).andExpect(status().isNotFound());
        mvc.perform(delete("/api/gateways/{id}/tunnels/{name}", id, "nope").with(admin).with(csrf()))
                .andExpect(status().isNotFound());
    }
}
