package io.gatewise.server.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.util.HtmlUtils;

import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.testsupport.AsAdmin;
import io.gatewise.server.testsupport.Gateways;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;
import io.gatewise.server.topology.compiler.Identity;
import io.gatewise.server.topology.compiler.TopologySpec;

/**
 * The external peer pages and the topology form's per-link overrides through MockMvc:
 * messages next to the fields, nothing half-saved, weak peers flagged, override lines
 * refused one by one with their line and objects named, existing overrides shown in the
 * same syntax, and a linked peer's delete refused with the topology named.
 */
@GatewiseIntegrationTest
class ExternalPeerPagesTest {
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
        p = "ep" + UUID.randomUUID().toString().substring(0, 6);
    }

    private String page(MockHttpServletRequestBuilder request) throws Exception {
        return HtmlUtils.htmlUnescape(mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }

    private static MockHttpServletRequestBuilder asOperator(MockHttpServletRequestBuilder request) {
        return request.with(user("op").roles("OPERATOR")).with(csrf());
    }

    private int peers(String name) {
        return jdbc.queryForObject("SELECT count(*) FROM external_peer WHERE name = ?", Integer.class, name);
    }

    @Test
    void theFormShowsEachProblemNextToItsFieldAndAWeakPeerIsFlagged() throws Exception {
        String html = page(asOperator(post("/external-peers")).param("name", p).param("address", "300.1.2.3")
                .param("identity", "").param("subnets", "172.30.0.0/24, 172.31.0.9/24").param("mode", "MAIN")
                .param("auth", "PSK").param("ikeProposals", "aes256-sha256-ecp256\naes256-sha999-modp2048")
                .param("ipsecProtocol", "ESP").param("ipsecProposals", ""));
        assertThat(html).contains("'300.1.2.3' is neither an IP address nor a DNS name")
                .contains("'172.31.0.9/24' has host bits set").contains("unknown algorithm \"sha999\"")
                .contains("At least one proposal is required");
        assertThat(html).containsPattern("field invalid\"[^>]*>\\s*<span>IKE address")
                .containsPattern("field invalid\"[^>]*>\\s*<span>Its protected subnets")
                .containsPattern("field invalid\"[^>]*>\\s*<span>IKE proposals")
                .containsPattern("field invalid\"[^>]*>\\s*<span>IPsec proposals");
        assertThat(html).as("typed values kept").contains("value=\"300.1.2.3\"");
        assertThat(peers(p)).isZero();

        var legacy = asOperator(post("/external-peers")).param("name", p).param("address", "198.51.100.60")
                .param("subnets", "172.30.0.0/24").param("mode", "MAIN").param("auth", "PSK")
                .param("ikeProposals", "3des-sha1-modp1024").param("ipsecProtocol", "ESP")
                .param("ipsecProposals", "aes128-sha1");
        html = page(legacy);
        assertThat(html).contains("Weak: 3DES, MODP-1024. Tick the acknowledgement");
        assertThat(peers(p)).isZero();
        mvc.perform(legacy.param("weakAcknowledged", "true")).andExpect(redirectedUrl("/external-peers"))
                .andExpect(flash().attribute("notice", containsString("External peer " + p + " saved")));
        assertThat(peers(p)).isOne();

        String list = page(get("/external-peers").with(user("aud").roles("AUDITOR")));
        assertThat(list).containsPattern("data-peer=\"" + p + "\"[\\s\\S]{0,600}badge badge-weak[^>]*>weak: 3DES, MODP-1024");
        assertThat(list).doesNotContain("id=\"new-external-peer\"").doesNotContain("id=\"delete-" + p + "\"");
        String detail = page(get("/external-peers/" + p).with(user("aud").roles("AUDITOR")));
        assertThat(detail).contains("id=\"weak-badge\"").contains("accepted by an")
                .doesNotContain("id=\"save-external-peer\"");
        mvc.perform(post("/external-peers/" + p).with(user("aud").roles("AUDITOR")).with(csrf())
                .param("address", "198.51.100.61")).andExpect(status().isForbidden());

        // without the page's script, the picked proposals are added on save
        String picked = p + "-pk";
        mvc.perform(asOperator(post("/external-peers")).param("name", picked).param("address", "198.51.100.63")
                        .param("subnets", "172.31.0.0/24").param("mode", "MAIN").param("auth", "PSK")
                        .param("ikeProposals", "").param("ikePick", "aes256-sha256-ecp256").param("ipsecProtocol", "ESP")
                        .param("ipsecProposals", "aes256gcm16-ecp256").param("ipsecPick", "aes128gcm16-ecp256"))
                .andExpect(redirectedUrl("/external-peers"));
        var saved = AsAdmin.call(() -> views.externalPeer(picked));
        assertThat(saved.ikeProposals()).containsExactly("aes256-sha256-ecp256");
        assertThat(saved.ipsecProposals()).containsExactly("aes256gcm16-ecp256", "aes128gcm16-ecp256");

        // a name clash is refused on the name field; the existing peer is untouched
        html = page(asOperator(post("/external-peers")).param("name", p).param("address", "198.51.100.62")
                .param("ikeProposals", "aes256-sha256-ecp256").param("ipsecProposals", "aes256gcm16-ecp256"));
        assertThat(html).contains("An external peer called '" + p + "' exists already.");
        assertThat(AsAdmin.call(() -> views.externalPeer(p)).address()).isEqualTo("198.51.100.60");
    }

    @Test
    void overrideLinesAreCheckedOneByOneShownInTheSameSyntaxAndALinkedPeerIsNotDeleted() throws Exception {
        var g = Gateways.create(gateways, p + "-hq").gateway();
        AsAdmin.run(() -> topology.setGatewaySettings(g.getId(), new GatewayTopologySettings(
                List.of("10.77.0.0/24"), java.util.Set.of(), (Identity) null, false), "test"));
        mvc.perform(asOperator(post("/policies/preset")).param("name", p).param("preset", "modern"))
                .andExpect(redirectedUrl("/policies"));
        mvc.perform(asOperator(post("/policies/preset")).param("name", p + "-compat").param("preset", "compatible"))
                .andExpect(redirectedUrl("/policies"));
        String partner = p + "-partner";
        mvc.perform(asOperator(post("/external-peers")).param("name", partner).param("address", "198.51.100.70")
                        .param("identity", "vpn.partner.example").param("subnets", "172.23.0.0/24")
                        .param("ikeProposals", "aes256-sha1-modp2048")
                        .param("ipsecProposals", "aes256gcm16-ecp256, aes256-sha1-modp2048"))
                .andExpect(redirectedUrl("/external-peers"));
        String hq = g.getName();
        var form = asOperator(post("/topologies")).param("name", p + "-x").param("kind", "EXPLICIT")
                .param("vpnType", "POLICY_BASED").param("links", hq + " -- " + partner).param("ikePolicy", p)
                .param("ipsecPolicy", p);

        String html = page(form.param("overrides", hq + " " + partner + " ike=" + p + "-compat\n"
                + hq + " -- " + partner + ": ike=" + p + "-compat esp=" + p + "\n"
                + hq + " -- " + partner + ": ike=no-such ipsec=" + p + "-compat\n"
                + partner + " -- " + hq + ": ipsec=" + p + "-compat"));
        assertThat(html).contains("Line 1 ('" + hq + " " + partner + " ike=" + p + "-compat'): write 'gateway -- peer:")
                .contains("Line 2 (" + hq + " -- " + partner + "): 'esp=" + p + "' is neither ike=<IKE policy> nor")
                .contains("'" + hq + " -- " + partner + "': there is no IKE policy called 'no-such'.")
                .contains("'" + partner + "' is an external peer; overrides set what a Gatewise gateway uses");
        assertThat(html).containsPattern("field invalid\"[^>]*>\\s*<span>Per-link policy overrides");
        assertThat(html).as("the typed lines are kept").contains("ike=no-such ipsec=" + p + "-compat");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM topology WHERE name = ?", Integer.class, p + "-x")).isZero();

        mvc.perform(asOperator(post("/topologies")).param("name", p + "-x").param("kind", "EXPLICIT")
                        .param("vpnType", "POLICY_BASED").param("links", hq + " -- " + partner).param("ikePolicy", p)
                        .param("ipsecPolicy", p)
                        .param("overrides", hq + " -- " + partner + ": ike=" + p + "-compat ipsec=" + p + "-compat"))
                .andExpect(redirectedUrl("/topologies/" + p + "-x"));
        TopologySpec saved = AsAdmin.call(() -> views.topology(p + "-x"));
        assertThat(saved.overrides()).containsExactly(new TopologySpec.LinkOverride(hq, partner, p + "-compat",
                p + "-compat"));
        String edit = page(get("/topologies/" + p + "-x/edit").with(user("op").roles("OPERATOR")));
        assertThat(edit).contains(hq + " -- " + partner + ": ike=" + p + "-compat ipsec=" + p + "-compat</textarea>");
        // editing without touching the overrides keeps them; emptying the box removes them
        mvc.perform(asOperator(post("/topologies/" + p + "-x")).param("kind", "EXPLICIT").param("vpnType", "POLICY_BASED")
                        .param("links", hq + " -- " + partner).param("ikePolicy", p).param("ipsecPolicy", p)
                        .param("overrides", hq + " -- " + partner + ": ike=" + p + "-compat"))
                .andExpect(redirectedUrl("/topologies/" + p + "-x"));
        assertThat(AsAdmin.call(() -> views.topology(p + "-x")).overrides())
                .containsExactly(new TopologySpec.LinkOverride(hq, partner, p + "-compat", null));
        String detail = page(get("/topologies/" + p + "-x").with(user("op").roles("OPERATOR")));
        assertThat(detail).contains("node node-external").contains(partner + " (external peer)");

        mvc.perform(asOperator(post("/external-peers/" + partner + "/delete")))
                .andExpect(redirectedUrl("/external-peers"))
                .andExpect(flash().attribute("notice", containsString("is used by " + p + "-x")));
        assertThat(peers(partner)).isOne();
        String peerPage = page(get("/external-peers/" + partner).with(user("op").roles("OPERATOR")));
        assertThat(peerPage).contains("Linked by " + p + "-x.");
        mvc.perform(asOperator(post("/topologies/" + p + "-x/delete"))).andExpect(redirectedUrl("/topologies"));
        mvc.perform(asOperator(post("/external-peers/" + partner + "/delete")))
                .andExpect(flash().attribute("notice", containsString("External peer " + partner + " deleted")));
        assertThat(peers(partner)).isZero();
    }
}
