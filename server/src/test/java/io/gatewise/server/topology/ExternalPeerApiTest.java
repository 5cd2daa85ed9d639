package io.gatewise.server.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
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
import io.gatewise.server.testsupport.Gateways;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;
import io.gatewise.server.testsupport.Users;
import io.gatewise.server.user.ApiTokenService;
import io.gatewise.server.user.UserService;

/**
 * {@code /api/v1/external-peers} on the embedded PostgreSQL: PUT creates then replaces,
 * each field's problem named in a 400, weak algorithms only with the acknowledgement, the
 * change log, a 409 naming the topology that still links a peer, and a per-link override
 * reaching the gateway's compiled config.
 */
@GatewiseIntegrationTest
class ExternalPeerApiTest {
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
    JdbcTemplate jdbc;

    MockMvc mvc;
    String operatorToken;
    String auditorToken;
    String p;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        String operator = Users.create(users, "xp-op", Role.OPERATOR);
        operatorToken = Users.token(tokens, operator, Role.OPERATOR, Role.OPERATOR, null);
        String auditor = Users.create(users, "xp-aud", Role.AUDITOR);
        auditorToken = Users.token(tokens, auditor, Role.AUDITOR, Role.AUDITOR, null);
        p = "x" + UUID.randomUUID().toString().substring(0, 6);
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

    private static String peer(String ike, String extra) {
        return "{\"address\":\"vpn.partner.example\",\"identity\":\"vpn.partner.example\",\"subnets\":[\"172.21.0.0/24\"],"
                + "\"ikeProposals\":[" + ike + "],\"ipsecProposals\":[\"aes256gcm16-ecp256\"]" + extra + "}";
    }

    private List<String> changeActions(String name) {
        return jdbc.queryForList("SELECT action FROM change_log WHERE object_type = 'external-peer' AND object_id = ? "
                + "ORDER BY id", String.class, name);
    }

    @Test
    void putCreatesThenReplacesDeleteRemovesAndTheChangeLogHasEach() throws Exception {
        String name = p + "-partner";
        send("PUT", "/api/v1/external-peers/" + name, operatorToken, peer("\"aes256-sha256-ecp256\"", ""))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.created").value(true))
                .andExpect(jsonPath("$.peer.name").value(name))
                .andExpect(jsonPath("$.peer.identityType").value("FQDN"))
                .andExpect(jsonPath("$.peer.mode").value("MAIN"))
                .andExpect(jsonPath("$.peer.auth").value("PSK"))
                .andExpect(jsonPath("$.peer.ipsecProtocol").value("ESP"));
        send("GET", "/api/v1/external-peers", auditorToken, null)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.peer.name == '" + name + "')].peer.address").value(hasItem("vpn.partner.example")));
        // the body's name is ignored: the path names the peer; a GET's peer can be PUT back as it is
        send("PUT", "/api/v1/external-peers/" + name, operatorToken,
                peer("\"aes256-sha256-ecp256\",\"aes128-sha256-modp2048\"", ",\"name\":\"other\",\"identityType\":\"FQDN\""
                        + ",\"expectsIdentity\":\"10.9.0.1\",\"expectsSubnets\":[\"10.9.0.0/24\"]"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.created").value(false))
                .andExpect(jsonPath("$.peer.name").value(name));
        send("GET", "/api/v1/external-peers/" + name, auditorToken, null)
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.peer.ikeProposals[1]").value("aes128-sha256-modp2048"))
                .andExpect(jsonPath("$.peer.expectsIdentityType").value("IPV4_ADDR"))
                .andExpect(jsonPath("$.peer.expectsSubnets[0]").value("10.9.0.0/24"))
                .andExpect(jsonPath("$.weak").isEmpty())
                .andExpect(jsonPath("$.usedBy").isEmpty());
        send("GET", "/api/v1/external-peers/other", auditorToken, null).andExpect(status().isNotFound());
        send("PUT", "/api/v1/external-peers/" + name, auditorToken, peer("\"aes256-sha256-ecp256\"", ""))
                .andExpect(status().isForbidden()).andExpect(content().contentTypeCompatibleWith(PROBLEM));
        send("DELETE", "/api/v1/external-peers/" + name, auditorToken, null).andExpect(status().isForbidden());

        send("DELETE", "/api/v1/external-peers/" + name, operatorToken, null).andExpect(status().isNoContent());
        send("GET", "/api/v1/external-peers/" + name, operatorToken, null)
                .andExpect(status().isNotFound()).andExpect(content().contentTypeCompatibleWith(PROBLEM));
        send("DELETE", "/api/v1/external-peers/" + name, operatorToken, null).andExpect(status().isNotFound());
        assertThat(changeActions(name)).containsExactly("create", "update", "delete");
        String after = jdbc.queryForObject("SELECT after::text FROM change_log WHERE object_type = 'external-peer' "
                + "AND object_id = ? AND action = 'update'", String.class, name);
        assertThat(after).contains("aes128-sha256-modp2048").contains("vpn.partner.example");
    }

    @Test
    void eachBadFieldIsNamedInA400AndNothingIsSaved() throws Exception {
        send("PUT", "/api/v1/external-peers/" + p, operatorToken, "{\"address\":\"not an address!\","
                + "\"identityType\":\"IPV4_ADDR\",\"identity\":\"vpn.partner.example\",\"subnets\":[\"172.21.0.5/24\"],"
                + "\"ikeProposals\":[\"aes256-sha999-modp2048\"],\"ipsecProposals\":[\"aes256gcm16-ecp256\",\"bogus\"],"
                + "\"expectsIdentity\":\"user@\",\"expectsSubnets\":[\"10.0.0.0/33\"],\"mode\":\"QUICK\"}")
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors[?(@.field == 'address')].message").value(hasItem(containsString("not an address!"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'identity')].message").value(hasItem(containsString("not an IPv4 address"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'subnets')].message").value(hasItem(containsString("host bits"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'ikeProposals')].message").value(hasItem(containsString("sha999"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'ipsecProposals')].message").value(hasItem(containsString("bogus"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'expectsIdentity')].message").value(hasItem(containsString("user@host"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'expectsSubnets')].message").value(hasItem(containsString("prefix length"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'mode')].message").value(hasItem(containsString("MAIN, AGGRESSIVE"))));
        send("PUT", "/api/v1/external-peers/a--b", operatorToken, peer("\"aes256-sha256-ecp256\"", ""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'name')].message").value(hasItem(containsString("'--'"))));
        send("PUT", "/api/v1/external-peers/" + p, operatorToken, "{\"address\":\"\",\"ikeProposals\":[]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'address')].message").value(hasItem(containsString("required"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'ikeProposals')].message").value(hasItem(containsString("At least one"))))
                .andExpect(jsonPath("$.errors[?(@.field == 'ipsecProposals')]").exists());
        send("GET", "/api/v1/external-peers/" + p, operatorToken, null).andExpect(status().isNotFound());

        // a legacy box: weak algorithms only with the acknowledgement, then flagged
        String legacy = "{\"address\":\"198.51.100.44\",\"subnets\":[\"172.22.0.0/24\"],\"mode\":\"AGGRESSIVE\","
                + "\"ikeProposals\":[\"3des-sha1-modp1024\"],\"ipsecProposals\":[\"3des-md5\"]";
        send("PUT", "/api/v1/external-peers/" + p, operatorToken, legacy + "}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'weakAcknowledged')].message").value(hasItem(allOf(
                        containsString("3DES"), containsString("MODP-1024"), containsString("Aggressive Mode with PSK"),
                        containsString("MD5")))));
        send("GET", "/api/v1/external-peers/" + p, operatorToken, null).andExpect(status().isNotFound());
        assertThat(changeActions(p)).isEmpty();
        send("PUT", "/api/v1/external-peers/" + p, operatorToken, legacy + ",\"weakAcknowledged\":true}")
                .andExpect(status().isCreated());
        send("GET", "/api/v1/external-peers/" + p, auditorToken, null)
                .andExpect(jsonPath("$.peer.weakAcknowledged").value(true))
                .andExpect(jsonPath("$.peer.identityType").isEmpty())
                .andExpect(jsonPath("$.weak").value(hasItems("3DES", "MODP-1024", "Aggressive Mode with PSK", "MD5")));
        send("DELETE", "/api/v1/external-peers/" + p, operatorToken, null).andExpect(status().isNoContent());
    }

    @Test
    void aLinkedPeerIsA409NamingTheTopologyAndTheOverrideReachesTheGatewaysConfig() throws Exception {
        var g = Gateways.create(gateways, p + "-hq").gateway();
        send("PUT", "/api/v1/gateways/" + g.getId() + "/topology", operatorToken, "{\"subnets\":[\"10.61.0.0/24\"]}")
                .andExpect(status().isOk());
        send("POST", "/api/v1/policies/ike", operatorToken,
                "{\"name\":\"" + p + "\",\"proposals\":[\"aes256-sha256-ecp256\"]}").andExpect(status().isCreated());
        send("POST", "/api/v1/policies/ipsec", operatorToken,
                "{\"name\":\"" + p + "\",\"proposals\":[\"aes256gcm16-ecp256\"]}").andExpect(status().isCreated());
        send("POST", "/api/v1/policies/ike", operatorToken,
                "{\"name\":\"" + p + "-cbc\",\"proposals\":[\"aes128-sha256-modp2048\"]}").andExpect(status().isCreated());
        String partner = p + "-partner";
        send("PUT", "/api/v1/external-peers/" + partner, operatorToken,
                peer("\"aes128-sha256-modp2048\"", "")).andExpect(status().isCreated());

        String topologyName = p + "-link";
        String topology = "{\"name\":\"" + topologyName + "\",\"kind\":\"EXPLICIT\",\"links\":[{\"a\":\"" + g.getName()
                + "\",\"b\":\"" + partner + "\"}],\"ikePolicy\":\"" + p + "\",\"ipsecPolicy\":\"" + p + "\"";
        // without the override the gateway's IKE policy and the partner's proposals have nothing in common
        send("POST", "/api/v1/topologies", operatorToken, topology + "}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'ikePolicy')].message")
                        .value(hasItem(containsString("share no IKE proposal"))));
        // overrides are checked one by one, each named
        send("POST", "/api/v1/topologies", operatorToken, topology + ",\"overrides\":[{\"gateway\":\"" + partner
                + "\",\"peer\":\"" + g.getName() + "\",\"ikePolicy\":\"" + p + "-cbc\"},{\"gateway\":\"" + g.getName()
                + "\",\"peer\":\"" + partner + "\",\"ikePolicy\":\"nope\"}]}")
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'overrides')].message").value(hasItem(allOf(
                        containsString("'" + partner + "' is an external peer"),
                        containsString("'" + g.getName() + " -- " + partner + "': there is no IKE policy called 'nope'")))));
        send("POST", "/api/v1/topologies", operatorToken, topology + ",\"overrides\":[{\"gateway\":\"" + g.getName()
                + "\",\"peer\":\"" + partner + "\",\"ikePolicy\":\"" + p + "-cbc\"}]}")
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.topology.overrides[0].ikePolicy").value(p + "-cbc"))
                .andExpect(jsonPath("$.topology.overrides[0].ipsecPolicy").isEmpty())
                .andExpect(jsonPath("$.newVersions." + g.getName()).isNumber());
        send("GET", "/api/v1/gateways/" + g.getId() + "/config", auditorToken, null)
                .andExpect(jsonPath("$.tunnels[0].name").value(g.getName() + "--" + partner))
                .andExpect(jsonPath("$.tunnels[0].remoteAddress").value("vpn.partner.example"))
                .andExpect(jsonPath("$.tunnels[0].ikeProposals[0]").value("aes128-sha256-modp2048"))
                .andExpect(jsonPath("$.tunnels[0].espProposals[0]").value("aes256gcm16-ecp256"))
                .andExpect(jsonPath("$.tunnels[0].remoteSubnets[0]").value("172.21.0.0/24"));
        send("GET", "/api/v1/topologies/" + topologyName + "/picture", auditorToken, null)
                .andExpect(jsonPath("$.nodes[?(@.name == '" + partner + "')].external").value(hasItem(true)));
        send("GET", "/api/v1/external-peers/" + partner, auditorToken, null)
                .andExpect(jsonPath("$.usedBy[0]").value(topologyName));

        // a change to the peer that leaves the link without a common proposal, or a gateway's name: refused at its field
        send("PUT", "/api/v1/external-peers/" + partner, operatorToken, peer("\"aes256-sha384-ecp384\"", ""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'ikeProposals')].message").value(hasItem(allOf(
                        containsString(topologyName), containsString("share no IKE proposal")))));
        send("PUT", "/api/v1/external-peers/" + g.getName(), operatorToken, peer("\"aes256-sha256-ecp256\"", ""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'name')].message").value(hasItem(containsString("name of a gateway"))));
        send("GET", "/api/v1/external-peers/" + partner, auditorToken, null)
                .andExpect(jsonPath("$.peer.ikeProposals[0]").value("aes128-sha256-modp2048"));

        send("DELETE", "/api/v1/external-peers/" + partner, operatorToken, null)
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.detail").value(containsString(topologyName)));
        send("GET", "/api/v1/external-peers/" + partner, operatorToken, null).andExpect(status().isOk());

        send("DELETE", "/api/v1/topologies/" + topologyName, operatorToken, null).andExpect(status().isNoContent());
        send("DELETE", "/api/v1/external-peers/" + partner, operatorToken, null).andExpect(status().isNoContent());
        send("GET", "/api/v1/gateways/" + g.getId() + "/config", auditorToken, null)
                .andExpect(jsonPath("$.tunnels").isEmpty());
    }
}
