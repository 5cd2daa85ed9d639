package io.gatewise.server.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.system.Role;
import io.gatewise.server.testsupport.AsAdmin;
import io.gatewise.server.testsupport.Gateways;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;
import io.gatewise.server.testsupport.Users;
import io.gatewise.server.topology.compiler.ExternalPeer;
import io.gatewise.server.topology.compiler.Identity;
import io.gatewise.server.topology.compiler.IkePolicy;
import io.gatewise.server.topology.compiler.IpsecPolicy;
import io.gatewise.server.user.ApiTokenService;
import io.gatewise.server.user.UserService;

/** {@code /api/v1/policies} and {@code /api/v1/topologies}: CRUD, problem details, pre-flight, picture, PSK reveal. */
@GatewiseIntegrationTest
class TopologyApiTest {
    private static final String PROBLEM = "application/problem+json";

    @Autowired
    WebApplicationContext context;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    GatewayService gateways;
    @Autowired
    TopologyService topology;
    @Autowired
    JdbcTemplate jdbc;

    MockMvc mvc;
    String operatorToken;
    String adminToken;
    String auditorToken;
    String p;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        String operator = Users.create(users, "topo-op", Role.OPERATOR);
        operatorToken = Users.token(tokens, operator, Role.OPERATOR, Role.OPERATOR, null);
        String auditor = Users.create(users, "topo-aud", Role.AUDITOR);
        auditorToken = Users.token(tokens, auditor, Role.AUDITOR, Role.AUDITOR, null);
        adminToken = Users.token(tokens, "admin", Role.ADMIN, Role.ADMIN, null);
        p = "t" + UUID.randomUUID().toString().substring(0, 6);
    }

    private ResultActions send(String method, String path, String token, String body) throws Exception {
        var request = switch (method) {
            case "POST" -> post(path);
            case "PUT" -> put(path);
            case "DELETE" -> delete(path);
            default -> get(path);
        };
        request.header("Authorization", "Bearer " + token).accept(MediaType.APPLICATION_JSON);
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(request);
    }

    @Test
    void badProposalsAreA400ProblemNamingTheFieldAndNothingIsSaved() throws Exception {
        send("POST", "/api/v1/policies/ike", operatorToken,
                "{\"name\":\"" + p + "\",\"proposals\":[\"aes256-sha999-modp2048\"],\"lifetimeSeconds\":5}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors[?(@.field == 'proposals')].message").value(hasItem(containsString("sha999"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'lifetimeSeconds')].message")
                        .value(hasItem(containsString("between 300 and 86400"))));
        send("GET", "/api/v1/policies/ike/" + p, operatorToken, null)
                .andExpect(status().isNotFound()).andExpect(content().contentTypeCompatibleWith(PROBLEM));
        send("POST", "/api/v1/policies/ipsec", operatorToken, "{\"name\":\"bad name!\",\"protocol\":\"GRE\"}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'name')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'protocol')].message").value(hasItem(containsString("ESP, AH"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'proposals')]").exists());
        send("POST", "/api/v1/policies/ike", operatorToken, "not json")
                .andExpect(status().isBadRequest()).andExpect(content().contentTypeCompatibleWith(PROBLEM));
    }

    @Test
    void weakAlgorithmsNeedTheAcknowledgementAndStayFlagged() throws Exception {
        String legacy = "{\"name\":\"" + p + "\",\"proposals\":[\"3des-sha1-modp1024\"]";
        send("POST", "/api/v1/policies/ike", operatorToken, legacy + "}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'weakAcknowledged')].message")
                        .value(hasItem(containsString("3DES"))));
        send("POST", "/api/v1/policies/ike", operatorToken, legacy + ",\"weakAcknowledged\":true}")
                .andExpect(status().isCreated());
        send("GET", "/api/v1/policies/ike/" + p, auditorToken, null)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.policy.weakAcknowledged").value(true))
                .andExpect(jsonPath("$.weak").value(org.hamcrest.Matchers.hasItems("3DES", "MODP-1024")));
        send("POST", "/api/v1/policies/ike", operatorToken, legacy + ",\"weakAcknowledged\":true}")
                .andExpect(status().isConflict()).andExpect(content().contentTypeCompatibleWith(PROBLEM));
        send("POST", "/api/v1/policies/ike", auditorToken, "{\"name\":\"x\"}")
                .andExpect(status().isForbidden()).andExpect(content().contentTypeCompatibleWith(PROBLEM));
        send("DELETE", "/api/v1/policies/ike/" + p, operatorToken, null).andExpect(status().isNoContent());
    }

    @Test
    void aFullMeshOfThreeCompilesPassesPreflightAndHasAPictureOfThreeNodesAndThreeEdges() throws Exception {
        List<String> names = meshOfThree();
        send("GET", "/api/v1/topologies/" + p + "-mesh/preflight", auditorToken, null)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.tunnels").value(3))
                .andExpect(jsonPath("$.ok").value(true));
        send("GET", "/api/v1/topologies/" + p + "-mesh/picture", auditorToken, null)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.nodes", hasSize(3)))
                .andExpect(jsonPath("$.edges", hasSize(3)))
                .andExpect(jsonPath("$.edges[0].tunnel").value(names.get(0) + "--" + names.get(1)))
                .andExpect(jsonPath("$.edges[0].state").isString());
        // an unknown member and a missing hub are reported per field; nothing is saved
        send("POST", "/api/v1/topologies", operatorToken, "{\"name\":\"" + p + "-hub\",\"kind\":\"HUB_AND_SPOKE\","
                + "\"members\":[\"" + names.get(0) + "\",\"nobody-" + p + "\"],\"ikePolicy\":\"" + p
                + "\",\"ipsecPolicy\":\"" + p + "\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.errors[?(@.field == 'members')].message").value(hasItem(containsString("nobody-" + p))))
                .andExpect(jsonPath("$.errors[?(@.field == 'hubs')]").exists());
        send("GET", "/api/v1/topologies/" + p + "-hub", operatorToken, null).andExpect(status().isNotFound());
        // the whole-model validation (overlapping subnets) is a 400 too, and rolls back
        String id0 = jdbc.queryForObject("SELECT id FROM gateway WHERE name = ?", String.class, names.get(0));
        send("PUT", "/api/v1/gateways/" + id0 + "/topology", operatorToken,
                "{\"subnets\":[\"10.2.0.0/16\"],\"tags\":[\"" + p + "\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'members')].message").value(hasItem(containsString("overlap"))));
        send("GET", "/api/v1/gateways/" + id0 + "/topology", auditorToken, null)
                .andExpect(jsonPath("$.subnets[0]").value("10.1.0.0/24"));
    }

    @Test
    void onlyAnAdminRevealsALinksPskAndTheChangeLogRecordsWhoButNotTheKey() throws Exception {
        List<String> names = meshOfThree();
        String link = names.get(0) + "--" + names.get(1);
        String body = "{\"link\":\"" + link + "\"}";
        send("POST", "/api/v1/topologies/" + p + "-mesh/reveal-psk", operatorToken, body)
                .andExpect(status().isForbidden());
        send("POST", "/api/v1/topologies/" + p + "-mesh/reveal-psk", auditorToken, body)
                .andExpect(status().isForbidden());
        String psk = com.jayway.jsonpath.JsonPath.read(
                send("POST", "/api/v1/topologies/" + p + "-mesh/reveal-psk", adminToken, body)
                        .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(), "$.psk");
        assertThat(psk).hasSizeGreaterThanOrEqualTo(40);
        var rows = jdbc.queryForList("SELECT actor, before::text AS before_json, after::text AS after_json FROM change_log "
                + "WHERE action = 'reveal-psk' AND object_id = ?", link);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("actor")).isEqualTo("admin");
        assertThat(String.valueOf(rows.get(0).get("after_json"))).contains(link).doesNotContain(psk);
        send("POST", "/api/v1/topologies/" + p + "-mesh/reveal-psk", adminToken, "{\"link\":\"no--such\"}")
                .andExpect(status().isNotFound());
    }

    @Test
    void aTopologyWhosePreflightFailsIsSavedAndTheFailuresComeBack() throws Exception {
        List<String> names = meshOfThree();
        // a partner box that expects another identity from us: valid model, but it would refuse our phase 1
        String partner = p + "-partner";
        AsAdmin.run(() -> topology.saveExternalPeer(new ExternalPeer(partner, "192.0.2.200", null,
                List.of("172.20.0.0/24"), IkePolicy.Mode.MAIN, IkePolicy.Auth.PSK, List.of("aes256-sha256-ecp256"),
                IpsecPolicy.Protocol.ESP, List.of("aes256gcm16-ecp256"), Identity.of("wrong.example.net"), List.of(),
                false), "test"));
        send("POST", "/api/v1/topologies", operatorToken, "{\"name\":\"" + p + "-partner\",\"kind\":\"EXPLICIT\","
                + "\"links\":[{\"a\":\"" + names.get(0) + "\",\"b\":\"" + partner + "\"}],\"ikePolicy\":\"" + p
                + "\",\"ipsecPolicy\":\"" + p + "\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.newVersions." + names.get(0)).isNumber())
                .andExpect(jsonPath("$.preflight[0].notification").value("INVALID_ID_INFORMATION"))
                .andExpect(jsonPath("$.preflight[0].rejecting").value(partner));
        send("GET", "/api/v1/topologies/" + p + "-partner/preflight", auditorToken, null)
                .andExpect(jsonPath("$.ok").value(false));
        send("DELETE", "/api/v1/topologies/" + p + "-partner", operatorToken, null).andExpect(status().isNoContent());
    }

    @Test
    void dualStackSubnetsAreStoredCompressedAndAFamilyOneEndLacksIsAWarningNotAnError() throws Exception {
        var a = Gateways.create(gateways, p + "-v6a").gateway();
        var b = Gateways.create(gateways, p + "-v6b").gateway();
        var c = Gateways.create(gateways, p + "-v4c").gateway();
        send("PUT", "/api/v1/gateways/" + a.getId() + "/topology", operatorToken,
                "{\"subnets\":[\"10.61.0.0/24\", \"2001:DB8:61:0:0::/64\"],\"tags\":[\"" + p + "\"]}")
                .andExpect(status().isOk());
        send("GET", "/api/v1/gateways/" + a.getId() + "/topology", auditorToken, null)
                .andExpect(jsonPath("$.subnets[1]").value("2001:db8:61::/64"));
        // precise per-field messages for a bad IPv6 prefix; nothing saved
        send("PUT", "/api/v1/gateways/" + b.getId() + "/topology", operatorToken,
                "{\"subnets\":[\"2001:db8:62::1/64\"],\"tags\":[\"" + p + "\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'members')].message")
                        .value(hasItem(containsString("'2001:db8:62::1/64' has host bits set"))));
        send("PUT", "/api/v1/gateways/" + b.getId() + "/topology", operatorToken,
                "{\"subnets\":[\"10.62.0.0/24\", \"2001:db8:62::/64\"],\"tags\":[\"" + p + "\"]}")
                .andExpect(status().isOk());
        send("PUT", "/api/v1/gateways/" + c.getId() + "/topology", operatorToken,
                "{\"subnets\":[\"10.63.0.0/24\"],\"tags\":[\"" + p + "\"]}").andExpect(status().isOk());
        send("POST", "/api/v1/policies/ike", operatorToken,
                "{\"name\":\"" + p + "\",\"proposals\":[\"aes256-sha256-ecp256\"]}").andExpect(status().isCreated());
        send("POST", "/api/v1/policies/ipsec", operatorToken,
                "{\"name\":\"" + p + "\",\"proposals\":[\"aes256gcm16-ecp256\"]}").andExpect(status().isCreated());
        send("POST", "/api/v1/topologies", operatorToken, "{\"name\":\"" + p + "-ds\",\"kind\":\"FULL_MESH\","
                + "\"tags\":[\"" + p + "\"],\"ikePolicy\":\"" + p + "\",\"ipsecPolicy\":\"" + p + "\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.preflight", hasSize(0)))
                .andExpect(jsonPath("$.warnings", hasSize(2)))
                .andExpect(jsonPath("$.warnings[0]").value(containsString("No IPv6 child SA")))
                .andExpect(jsonPath("$.warnings[0]").value(containsString("'" + c.getName() + "' protects no IPv6")));
        send("GET", "/api/v1/topologies/" + p + "-ds/preflight", auditorToken, null)
                .andExpect(jsonPath("$.ok").value(true))
                .andExpect(jsonPath("$.warnings", hasSize(2)));
        // IPv6 only on the IPv4-only gateway's peer: the link would carry nothing, refused and rolled back
        send("PUT", "/api/v1/gateways/" + b.getId() + "/topology", operatorToken,
                "{\"subnets\":[\"2001:db8:62::/64\"],\"tags\":[\"" + p + "\"]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'members')].message")
                        .value(hasItem(containsString("would carry nothing"))));
        send("GET", "/api/v1/gateways/" + b.getId() + "/topology", auditorToken, null)
                .andExpect(jsonPath("$.subnets", hasSize(2)));
        // a row stored before input was canonicalised is read in RFC 5952 text too
        jdbc.update("UPDATE gateway SET protected_subnets = '[\"10.63.0.0/24\", \"2001:DB8:63:0:0::/64\"]'::jsonb"
                + " WHERE id = ?", c.getId());
        send("GET", "/api/v1/gateways/" + c.getId() + "/topology", auditorToken, null)
                .andExpect(jsonPath("$.subnets[1]").value("2001:db8:63::/64"));
        assertThat(AsAdmin.call(() -> topology.model()).gateways().stream().filter(g -> g.name().equals(c.getName())).findFirst()
                .orElseThrow().subnets()).containsExactly("10.63.0.0/24", "2001:db8:63::/64");
        send("DELETE", "/api/v1/topologies/" + p + "-ds", operatorToken, null).andExpect(status().isNoContent());
    }

    /** Three gateways with subnets and a tag, a policy pair, a full mesh by tag; returns the names sorted. */
    private List<String> meshOfThree() throws Exception {
        List<String> names = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            var g = Gateways.create(gateways, p + "-g" + i).gateway();
            names.add(g.getName());
            send("PUT", "/api/v1/gateways/" + g.getId() + "/topology", operatorToken,
                    "{\"subnets\":[\"10." + i + ".0.0/24\"],\"tags\":[\"" + p + "\"]}").andExpect(status().isOk());
        }
        send("POST", "/api/v1/policies/ike", operatorToken,
                "{\"name\":\"" + p + "\",\"proposals\":[\"aes256-sha256-ecp256\"]}").andExpect(status().isCreated());
        send("POST", "/api/v1/policies/ipsec", operatorToken,
                "{\"name\":\"" + p + "\",\"proposals\":[\"aes256gcm16-ecp256\"]}").andExpect(status().isCreated());
        send("POST", "/api/v1/topologies", operatorToken, "{\"name\":\"" + p + "-mesh\",\"kind\":\"FULL_MESH\","
                + "\"tags\":[\"" + p + "\"],\"ikePolicy\":\"" + p + "\",\"ipsecPolicy\":\"" + p + "\"}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.preflight", hasSize(0)))
                .andExpect(jsonPath("$.newVersions.length()").value(3));
        java.util.Collections.sort(names);
        return names;
    }
}
