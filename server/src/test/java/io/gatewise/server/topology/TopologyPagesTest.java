package io.gatewise.server.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.HtmlUtils;

import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.testsupport.AsAdmin;
import io.gatewise.server.testsupport.Gateways;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;
import io.gatewise.server.topology.compiler.Identity;

/**
 * The policy and topology pages through MockMvc: messages next to the fields, nothing
 * half-saved, weak policies flagged, hub-and-spoke from the wizard, the admin-only PSK
 * reveal (recorded) and the OpenAPI document listing the new endpoints.
 */
@GatewiseIntegrationTest
class TopologyPagesTest {
    @Autowired
    WebApplicationContext context;
    @Autowired
    GatewayService gateways;
    @Autowired
    TopologyService topology;
    @Autowired
    TopologyViewService views;
    @Autowired
    JdbcTemplate jdbc;

    MockMvc mvc;
    String p;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        p = "pg" + UUID.randomUUID().toString().substring(0, 6);
    }

    private String page(org.springframework.test.web.servlet.RequestBuilder request) throws Exception {
        return HtmlUtils.htmlUnescape(mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }

    private int count(String table, String name) {
        return jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE name = ?", Integer.class, name);
    }

    @Test
    void policyFormsShowPreciseMessagesNextToFieldsAndSaveNothing() throws Exception {
        String html = page(post("/policies/ike").with(user("op").roles("OPERATOR")).with(csrf())
                .param("name", p).param("mode", "MAIN").param("proposals", "aes256-sha256-ecp256\naes256-sha999-modp2048")
                .param("auth", "PSK").param("lifetimeSeconds", "10").param("dpdDelaySeconds", "30")
                .param("dpdTimeoutSeconds", "20").param("dpdAction", "RESTART"));
        assertThat(html).contains("unknown algorithm \"sha999\"").contains("Must be between 300 and 86400.")
                .contains("Must be longer than the DPD delay (30 s)");
        assertThat(html).containsPattern("field invalid\"[^>]*>\\s*<span>Proposals");
        assertThat(count("ike_policy", p)).isZero();

        html = page(post("/policies/ipsec").with(user("op").roles("OPERATOR")).with(csrf())
                .param("name", p).param("protocol", "ESP").param("proposals", "3des-md5").param("encapsulation", "TUNNEL"));
        assertThat(html).contains("Weak: 3DES, MD5. Tick the acknowledgement");
        assertThat(count("ipsec_policy", p)).isZero();

        // a pick from the list is added to the typed ones
        mvc.perform(post("/policies/ipsec").with(user("op").roles("OPERATOR")).with(csrf())
                        .param("name", p).param("protocol", "ESP").param("proposals", "aes256gcm16-ecp256")
                        .param("pick", "aes128gcm16-ecp256").param("encapsulation", "TUNNEL"))
                .andExpect(redirectedUrl("/policies"));
        assertThat(AsAdmin.call(() -> views.ipsecPolicy(p)).proposals())
                .containsExactly("aes256gcm16-ecp256", "aes128gcm16-ecp256");
    }

    @Test
    void theLegacyPresetNeedsTheAcknowledgementAndIsFlaggedInListAndDetail() throws Exception {
        String html = page(post("/policies/preset").with(user("op").roles("OPERATOR")).with(csrf())
                .param("name", p).param("preset", "legacy"));
        assertThat(html).contains("Weak: 3DES, MODP-1024");
        assertThat(count("ike_policy", p) + count("ipsec_policy", p)).as("neither half saved").isZero();

        mvc.perform(post("/policies/preset").with(user("op").roles("OPERATOR")).with(csrf())
                .param("name", p).param("preset", "legacy").param("weakAcknowledged", "true"))
                .andExpect(redirectedUrl("/policies"));
        assertThat(count("ike_policy", p) + count("ipsec_policy", p)).isEqualTo(2);
        String list = page(get("/policies").with(user("aud").roles("AUDITOR")));
        assertThat(list).containsPattern("data-policy=\"" + p + "\"[\\s\\S]{0,600}badge badge-weak[^>]*>weak: 3DES, MODP-1024");
        assertThat(list).doesNotContain("id=\"create-preset\"");
        String detail = page(get("/policies/ike/" + p).with(user("aud").roles("AUDITOR")));
        assertThat(detail).contains("id=\"weak-badge\"").contains("weak: 3DES, MODP-1024")
                .doesNotContain("id=\"save-policy\"");

        // a name clash is refused on the name field, the existing pair untouched
        html = page(post("/policies/preset").with(user("op").roles("OPERATOR")).with(csrf())
                .param("name", p).param("preset", "modern"));
        assertThat(html).contains("exists already");
        assertThat(AsAdmin.call(() -> views.ikePolicy(p)).proposals()).containsExactly("3des-sha1-modp1024");
    }

    @Test
    void aFamilyOnlyOneEndProtectsIsShownAsACompilerNoteAndSubnetsAreShownCompressed() throws Exception {
        var a = Gateways.create(gateways, p + "-ds").gateway();
        var b = Gateways.create(gateways, p + "-v4").gateway();
        AsAdmin.run(() -> topology.setGatewaySettings(a.getId(), new GatewayTopologySettings(
                List.of("10.88.1.0/24"), java.util.Set.of(), (Identity) null, false), "test"));
        AsAdmin.run(() -> topology.setGatewaySettings(b.getId(), new GatewayTopologySettings(
                List.of("10.88.2.0/24"), java.util.Set.of(), (Identity) null, false), "test"));
        mvc.perform(post("/policies/preset").with(user("op").roles("OPERATOR")).with(csrf())
                .param("name", p).param("preset", "modern")).andExpect(redirectedUrl("/policies"));
        mvc.perform(post("/topologies").with(user("op").roles("OPERATOR")).with(csrf())
                        .param("name", p + "-m").param("kind", "FULL_MESH").param("vpnType", "POLICY_BASED")
                        .param("members", a.getName(), b.getName()).param("ikePolicy", p).param("ipsecPolicy", p))
                .andExpect(status().is3xxRedirection());
        // the dual-stack gateway's subnets, IPv6 typed long-hand: saved, with the note in the notice
        var saved = mvc.perform(post("/gateways/" + a.getId() + "/topology").with(user("op").roles("OPERATOR"))
                        .with(csrf()).param("subnets", "10.88.1.0/24\n2001:DB8:88:1:0:0:0:0/64"))
                .andExpect(redirectedUrl("/gateways/" + a.getId() + "/topology")).andReturn();
        assertThat(String.valueOf(saved.getFlashMap().get("notice"))).contains("Topology settings saved",
                "Note: No IPv6 child SA between", "'" + b.getName() + "' protects no IPv6 subnet");
        assertThat(page(get("/gateways/" + a.getId() + "/topology").with(user("aud").roles("AUDITOR"))))
                .contains("2001:db8:88:1::/64").doesNotContain("2001:DB8");
        String detail = page(get("/topologies/" + p + "-m").with(user("aud").roles("AUDITOR")));
        assertThat(detail).contains("id=\"compile-notes\"")
                .contains("'" + a.getName() + "' protects IPv6 (2001:db8:88:1::/64) but '" + b.getName()
                        + "' protects no IPv6 subnet");
        // a precise message next to the subnets for a bad IPv6 prefix, nothing saved
        String html = page(post("/gateways/" + a.getId() + "/topology").with(user("op").roles("OPERATOR"))
                .with(csrf()).param("subnets", "10.88.1.0/24\n2001:db8:88::/129"));
        assertThat(html).contains("'2001:db8:88::/129': prefix length must be 0..128");
    }

    @Test
    void theWizardBuildsAHubAndSpokeAndAnAdminRevealsALinkKeyOnRecord() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            var g = Gateways.create(gateways, p + "-s" + i).gateway();
            names.add(g.getName());
            int n = i;
            AsAdmin.run(() -> topology.setGatewaySettings(g.getId(), new GatewayTopologySettings(
                    List.of("10.9" + n + ".0.0/24"), java.util.Set.of(), (Identity) null, false), "test"));
        }
        mvc.perform(post("/policies/preset").with(user("op").roles("OPERATOR")).with(csrf())
                .param("name", p).param("preset", "modern")).andExpect(redirectedUrl("/policies"));

        // no hub: refused next to the hubs field
        String html = page(post("/topologies").with(user("op").roles("OPERATOR")).with(csrf())
                .param("name", p + "-hs").param("kind", "HUB_AND_SPOKE").param("vpnType", "POLICY_BASED")
                .param("members", names.get(1), names.get(2)).param("spokeToSpoke", "VIA_HUB")
                .param("ikePolicy", p).param("ipsecPolicy", p));
        assertThat(html).contains("A hub-and-spoke topology needs at least one hub.");
        assertThat(count("topology", p + "-hs")).isZero();

        mvc.perform(post("/topologies").with(user("op").roles("OPERATOR")).with(csrf())
                        .param("name", p + "-hs").param("kind", "HUB_AND_SPOKE").param("vpnType", "POLICY_BASED")
                        .param("members", names.get(1), names.get(2)).param("hubs", names.get(0))
                        .param("spokeToSpoke", "VIA_HUB").param("ikePolicy", p).param("ipsecPolicy", p))
                .andExpect(redirectedUrl("/topologies/" + p + "-hs"));
        String detail = page(get("/topologies/" + p + "-hs").with(user("op").roles("OPERATOR")));
        assertThat(detail).contains("Pre-flight: all 2 tunnels would be accepted by both ends.")
                .contains("node node-hub").doesNotContain("Reveal PSK");
        var overview = AsAdmin.call(() -> views.overview(p + "-hs"));
        assertThat(overview.picture().nodes().get(0).name()).isEqualTo(names.get(0));
        assertThat(overview.picture().nodes().get(0).x()).isEqualTo(TopologyPicture.WIDTH / 2.0);
        assertThat(overview.tunnels()).extracting(TopologyViewService.TunnelCheck::tunnel)
                .containsExactly(names.get(0) + "--" + names.get(1), names.get(0) + "--" + names.get(2));

        String link = names.get(0) + "--" + names.get(1);
        mvc.perform(post("/topologies/" + p + "-hs/reveal-psk").with(user("op").roles("OPERATOR")).with(csrf())
                .param("link", link)).andExpect(status().isForbidden());
        String admin = page(get("/topologies/" + p + "-hs").with(user("admin").roles("ADMIN")));
        assertThat(admin).contains("id=\"reveal-" + link + "\"");
        String revealed = page(post("/topologies/" + p + "-hs/reveal-psk").with(user("admin").roles("ADMIN"))
                .with(csrf()).param("link", link));
        String psk = revealed.replaceAll("(?s).*<code id=\"revealed-psk\">([^<]+)</code>.*", "$1");
        assertThat(psk).hasSize(44); // 32 random bytes, base64
        assertThat(jdbc.queryForObject("SELECT count(*) FROM change_log WHERE action = 'reveal-psk' AND object_id = ?"
                + " AND actor = 'admin' AND coalesce(after, '') NOT LIKE ?", Integer.class, link, "%" + psk + "%"))
                .isEqualTo(1);
    }

    @Test
    void editingAPolicyInUsePushesTheChangeAndTheTopologyCanBeReshapedAndDeleted() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            var g = Gateways.create(gateways, p + "-e" + i).gateway();
            names.add(g.getName());
            int n = i;
            AsAdmin.run(() -> topology.setGatewaySettings(g.getId(), new GatewayTopologySettings(
                    List.of("10.8" + n + ".0.0/24"), java.util.Set.of(), (Identity) null, false), "test"));
        }
        mvc.perform(post("/policies/preset").with(user("op").roles("OPERATOR")).with(csrf())
                .param("name", p).param("preset", "compatible")).andExpect(redirectedUrl("/policies"));
        mvc.perform(post("/topologies").with(user("op").roles("OPERATOR")).with(csrf())
                        .param("name", p + "-m").param("kind", "FULL_MESH").param("members", names.get(0), names.get(1))
                        .param("ikePolicy", p).param("ipsecPolicy", p))
                .andExpect(redirectedUrl("/topologies/" + p + "-m"));
        String edit = page(get("/topologies/" + p + "-m/edit").with(user("op").roles("OPERATOR")));
        assertThat(edit).containsPattern("value=\"" + names.get(0) + "\"[^>]*checked")
                .contains("readonly=\"readonly\" id=\"name\"");

        // the policy is in use: saving it pushes both gateways' configs
        mvc.perform(post("/policies/ike/" + p).with(user("op").roles("OPERATOR")).with(csrf())
                        .param("mode", "MAIN").param("proposals", "aes256-sha256-modp2048").param("auth", "PSK")
                        .param("lifetimeSeconds", "28800").param("dpdDelaySeconds", "30")
                        .param("dpdTimeoutSeconds", "150").param("dpdAction", "RESTART").param("natTraversal", "true"))
                .andExpect(redirectedUrl("/policies"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash().attribute("notice",
                        org.hamcrest.Matchers.containsString("new configs pushed to " + names.get(0) + ", " + names.get(1))));
        // in use: deleting it is refused with a notice, the policy stays
        mvc.perform(post("/policies/ike/" + p + "/delete").with(user("op").roles("OPERATOR")).with(csrf()))
                .andExpect(redirectedUrl("/policies"));
        assertThat(count("ike_policy", p)).isEqualTo(1);

        mvc.perform(post("/topologies/" + p + "-m").with(user("op").roles("OPERATOR")).with(csrf())
                        .param("kind", "HUB_AND_SPOKE").param("members", names.get(1)).param("hubs", names.get(0))
                        .param("spokeToSpoke", "NONE").param("ikePolicy", p).param("ipsecPolicy", p))
                .andExpect(redirectedUrl("/topologies/" + p + "-m"));
        var spec = AsAdmin.call(() -> views.topology(p + "-m"));
        assertThat(spec.kind()).isEqualTo(io.gatewise.server.topology.compiler.TopologySpec.Kind.HUB_AND_SPOKE);
        assertThat(spec.hubs()).containsExactly(names.get(0));

        mvc.perform(post("/topologies/" + p + "-m/delete").with(user("aud").roles("AUDITOR")).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post("/topologies/" + p + "-m/delete").with(user("op").roles("OPERATOR")).with(csrf()))
                .andExpect(redirectedUrl("/topologies"));
        assertThat(count("topology", p + "-m")).isZero();
        mvc.perform(get("/topologies/" + p + "-m").with(user("op").roles("OPERATOR"))).andExpect(status().isNotFound());
    }

    @Test
    void aFortyGatewayMeshPageDrawsItAndListsTheFirstFiveHundredTunnels() throws Exception {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            var g = Gateways.create(gateways, p + "-m" + i).gateway();
            names.add(g.getName());
            int n = i;
            AsAdmin.run(() -> topology.setGatewaySettings(g.getId(), new GatewayTopologySettings(
                    List.of("10.200." + n + ".0/24"), java.util.Set.of(p), (Identity) null, false), "test"));
        }
        mvc.perform(post("/policies/preset").with(user("op").roles("OPERATOR")).with(csrf())
                .param("name", p).param("preset", "modern")).andExpect(redirectedUrl("/policies"));
        long t0 = System.nanoTime();
        mvc.perform(post("/topologies").with(user("op").roles("OPERATOR")).with(csrf())
                        .param("name", p + "-big").param("kind", "FULL_MESH").param("tags", p)
                        .param("ikePolicy", p).param("ipsecPolicy", p))
                .andExpect(redirectedUrl("/topologies/" + p + "-big"));
        long t1 = System.nanoTime();
        String html = page(get("/topologies/" + p + "-big").with(user("op").roles("OPERATOR")));
        long t2 = System.nanoTime();
        page(get("/topologies/" + p + "-big").with(user("op").roles("OPERATOR")));
        long t3 = System.nanoTime();
        AsAdmin.call(() -> views.overview(p + "-big"));
        long t4 = System.nanoTime();
        System.out.printf("40-gateway mesh (780 tunnels): save+push %.0f ms, detail page %.0f ms first, %.0f ms again"
                + " (of which the view model %.0f ms), %d kB%n", (t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6,
                (t4 - t3) / 1e6, html.length() / 1000);
        assertThat(html).contains("Pre-flight: all 780 tunnels would be accepted by both ends.")
                .contains("… and 280 more tunnels");
        assertThat(html.split("class=\"edge edge-", -1).length - 1).as("edges drawn (+5 in the legend)")
                .isEqualTo(780 + 5);
        assertThat(html.split("<tr data-tunnel=", -1).length - 1).isEqualTo(500);
    }

    @Test
    void theOpenApiDocumentListsPolicyTopologyAndExternalPeerEndpoints() throws Exception {
        String doc = page(get("/v3/api-docs").with(user("aud").roles("AUDITOR")));
        assertThat(doc).contains("/api/v1/policies/ike/{name}", "/api/v1/policies/ipsec", "/api/v1/topologies/{name}",
                "/api/v1/topologies/{name}/preflight", "/api/v1/topologies/{name}/picture",
                "/api/v1/topologies/{name}/reveal-psk", "/api/v1/gateways/{id}/topology", "/api/v1/external-peers",
                "/api/v1/external-peers/{name}", "Create or replace an external peer");
    }
}
