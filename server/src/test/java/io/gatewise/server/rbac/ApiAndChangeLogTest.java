package io.gatewise.server.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import io.gatewise.server.system.Role;
import io.gatewise.server.testsupport.AsAdmin;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;
import io.gatewise.server.testsupport.Users;
import io.gatewise.server.user.ApiTokenService;
import io.gatewise.server.user.InvalidUserException;
import io.gatewise.server.user.LastAdminException;
import io.gatewise.server.user.UserService;
import io.gatewise.server.user.UserView;

/** Personal API tokens, RFC 9457 problems, the change log, users and the last admin, OpenAPI. */
@GatewiseIntegrationTest
class ApiAndChangeLogTest {
    private static final String PROBLEM = "application/problem+json";
    private static final String TUNNEL = """
            {"name": "to-dc", "remoteAddress": "203.0.113.44", "localSubnets": ["10.1.0.0/24"],
             "remoteSubnets": ["10.50.0.0/16"], "psk": "changelog-psk-0123456789",
             "ikeProposal": "aes256-sha256-modp2048", "espProposal": "aes256gcm16-ecp384"}""";

    @Autowired
    WebApplicationContext context;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    JdbcTemplate jdbc;

    MockMvc mvc;
    String operator;
    String operatorToken;
    String adminToken;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        operator = Users.create(users, "api-op", Role.OPERATOR);
        operatorToken = Users.token(tokens, operator, Role.OPERATOR, Role.OPERATOR, null);
        adminToken = Users.token(tokens, "admin", Role.ADMIN, Role.ADMIN, null);
    }

    private String bearer(String token) {
        return "Bearer " + token;
    }

    @Test
    void anOperatorTokenCreatesAGatewayAndATunnelAndTheChangeLogHasBothWithoutSecrets() throws Exception {
        String name = "api-" + UUID.randomUUID().toString().substring(0, 6);
        String created = mvc.perform(post("/api/v1/gateways").header("Authorization", bearer(operatorToken))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"" + name + "\", \"publicAddress\": \"198.51.100.33\"}"))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.enrollmentToken.token").isString())
                .andReturn().getResponse().getContentAsString();
        String id = created.replaceAll("(?s).*\"id\":\"([0-9a-f-]{36})\".*", "$1");
        String enrollmentToken = created.replaceAll("(?s).*\"token\":\"([^\"]+)\".*", "$1");

        mvc.perform(post("/api/v1/gateways/{id}/tunnels", id).header("Authorization", bearer(operatorToken))
                        .contentType(MediaType.APPLICATION_JSON).content(TUNNEL))
                .andExpect(status().isCreated()).andExpect(jsonPath("$.version").value(2));

        String log = jdbc.queryForList("select actor || ' ' || action || ' ' || object_type || ' ' || coalesce(before, '')"
                + " || ' ' || coalesce(after, '') from change_log where object_id like ?", String.class, id + "%").toString();
        assertThat(log).contains(operator + " create gateway", operator + " create tunnel", "\"pskSet\":true")
                .doesNotContain("changelog-psk-0123456789").doesNotContain(enrollmentToken);

        // the auditor-readable API shows the change, the operator's token may not read the log
        mvc.perform(get("/api/v1/changes").param("actor", operator).param("objectType", "tunnel")
                        .header("Authorization", bearer(adminToken)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.items[0].actor").value(operator))
                .andExpect(jsonPath("$.items[0].objectId").value(id + "/to-dc"));
        mvc.perform(get("/api/v1/changes").header("Authorization", bearer(operatorToken)))
                .andExpect(status().isForbidden()).andExpect(content().contentTypeCompatibleWith(PROBLEM));
    }

    @Test
    void errorsAreProblemDetails() throws Exception {
        mvc.perform(post("/api/v1/gateways").header("Authorization", bearer(operatorToken))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"bad name!\", \"publicAddress\": \"\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.errors[?(@.field == 'name')].message").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'publicAddress')].message").exists());
        mvc.perform(post("/api/v1/users").header("Authorization", bearer(adminToken))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"username\": \"\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[?(@.field == 'password')]").exists());
        mvc.perform(get("/api/v1/gateways/{id}", UUID.randomUUID()).header("Authorization", bearer(operatorToken)))
                .andExpect(status().isNotFound()).andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(jsonPath("$.title").value("Not Found"));
        mvc.perform(get("/api/v1/no-such-thing").header("Authorization", bearer(operatorToken)))
                .andExpect(status().isNotFound()).andExpect(content().contentTypeCompatibleWith(PROBLEM));
        mvc.perform(get("/api/v1/gateways"))
                .andExpect(status().isUnauthorized()).andExpect(content().contentTypeCompatibleWith(PROBLEM))
                .andExpect(header().string("WWW-Authenticate", "Bearer"));
        mvc.perform(get("/api/v1/gateways").header("Authorization", "Bearer gw_not-a-real-token"))
                .andExpect(status().isUnauthorized()).andExpect(content().contentTypeCompatibleWith(PROBLEM));
        // no session cookie is accepted on /api/v1, and no session is created
        var login = mvc.perform(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders
                        .formLogin().user("admin").password(GatewiseIntegrationTest.ADMIN_PASSWORD))
                .andExpect(status().is3xxRedirection()).andReturn();
        var session = (org.springframework.mock.web.MockHttpSession) login.getRequest().getSession(false);
        assertThat(session).isNotNull();
        mvc.perform(get("/gateways").session(session)).andExpect(status().isOk());
        mvc.perform(get("/api/v1/gateways").session(session)).andExpect(status().isUnauthorized());
    }

    @Test
    void tokensAreHashedScopedRevocableExpiringAndFollowTheirOwner() throws Exception {
        assertThat(operatorToken).startsWith("gw_").hasSize(46);
        Integer plain = jdbc.queryForObject("select count(*) from api_token where encode(token_hash, 'escape') like ?",
                Integer.class, "%" + operatorToken.substring(3, 20) + "%");
        assertThat(plain).isZero();

        // a token's role never exceeds its owner's
        assertThatThrownBy(() -> Users.token(tokens, operator, Role.OPERATOR, Role.ADMIN, null))
                .isInstanceOf(InvalidUserException.class);
        assertThatThrownBy(() -> Users.token(tokens, operator, Role.OPERATOR, Role.AUDITOR, null))
                .isInstanceOf(InvalidUserException.class);
        String readOnly = Users.token(tokens, "admin", Role.ADMIN, Role.AUDITOR, null);
        mvc.perform(post("/api/v1/gateways").header("Authorization", bearer(readOnly))
                        .contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/me").header("Authorization", bearer(readOnly)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.roles[0]").value("ROLE_AUDITOR"));

        mvc.perform(get("/api/v1/me").header("Authorization", bearer(operatorToken))).andExpect(status().isOk());
        assertThat(jdbc.queryForObject("select last_used_at is not null from api_token where prefix = ?", Boolean.class,
                operatorToken.substring(0, 10))).isTrue();

        // the owner demoted to AUDITOR: the OPERATOR token stops working at once
        long opId = jdbc.queryForObject("select id from user_account where username = ?", Long.class, operator);
        AsAdmin.run(() -> users.changeRole(opId, "AUDITOR"));
        mvc.perform(get("/api/v1/me").header("Authorization", bearer(operatorToken))).andExpect(status().isUnauthorized());

        // expiry, and revocation
        String expiring = Users.token(tokens, "admin", Role.ADMIN, Role.ADMIN, Instant.now().plusSeconds(3600));
        mvc.perform(get("/api/v1/me").header("Authorization", bearer(expiring))).andExpect(status().isOk());
        jdbc.update("update api_token set expires_at = now() - interval '1 second' where prefix = ?", expiring.substring(0, 10));
        mvc.perform(get("/api/v1/me").header("Authorization", bearer(expiring))).andExpect(status().isUnauthorized());
        long adminTokenId = jdbc.queryForObject("select id from api_token where prefix = ?", Long.class,
                adminToken.substring(0, 10));
        mvc.perform(post("/account/tokens/{id}/revoke", adminTokenId)
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .user("admin").roles("ADMIN"))
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf()))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/api/v1/me").header("Authorization", bearer(adminToken))).andExpect(status().isUnauthorized());
    }

    @Test
    void theLastAdminCannotBeDemotedOrDisabledAnd409OverTheApi() throws Exception {
        // demote every other admin so "admin" is the last one, then try to remove it
        for (Long other : jdbc.queryForList("select id from user_account where role = 'ADMIN' and username <> 'admin'",
                Long.class)) {
            AsAdmin.run(() -> users.changeRole(other, "OPERATOR"));
        }
        long adminId = jdbc.queryForObject("select id from user_account where username = 'admin'", Long.class);
        assertThatThrownBy(() -> AsAdmin.run(() -> users.changeRole(adminId, "OPERATOR")))
                .isInstanceOf(LastAdminException.class);
        assertThatThrownBy(() -> AsAdmin.run(() -> users.setEnabled(adminId, false)))
                .isInstanceOf(LastAdminException.class);
        mvc.perform(put("/api/v1/users/{id}/enabled", adminId).header("Authorization", bearer(adminToken))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"enabled\": false}"))
                .andExpect(status().isConflict()).andExpect(content().contentTypeCompatibleWith(PROBLEM));

        // with a second admin, the first may step down; the change log has before/after
        String second = Users.create(users, "adm2", Role.ADMIN);
        UserView demoted = AsAdmin.call(() -> users.changeRole(adminId, "OPERATOR"));
        assertThat(demoted.role()).isEqualTo("OPERATOR");
        String row = jdbc.queryForObject("select before || ' -> ' || after from change_log where action = 'change-role' "
                + "and object_id = ? order by id desc limit 1", String.class, String.valueOf(adminId));
        assertThat(row).contains("\"role\":\"ADMIN\"", "\"role\":\"OPERATOR\"").doesNotContain("password");
        AsAdmin.run(() -> users.changeRole(adminId, "ADMIN"));
        long secondId = jdbc.queryForObject("select id from user_account where username = ?", Long.class, second);
        AsAdmin.run(() -> users.setEnabled(secondId, false));
    }

    @Test
    void usersPageValidatesTheFormWithAMessagePerField() throws Exception {
        var admin = org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                .user("admin").roles("ADMIN");
        String page = mvc.perform(post("/users").with(admin)
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
                        .param("username", "admin").param("role", "OPERATOR").param("password", "short")
                        .param("confirmPassword", "short"))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("A user called &#39;admin&#39; exists already.", "at least 12 characters");
    }

    @Test
    void openApiDocumentDescribesTheV1Api() throws Exception {
        var auditor = org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                .user("someone").roles("AUDITOR");
        mvc.perform(get("/v3/api-docs").with(auditor))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/gateways'].post").exists())
                .andExpect(jsonPath("$.paths['/api/v1/gateways/{gatewayId}/tunnels'].post").exists())
                .andExpect(jsonPath("$.paths['/api/gateways']").doesNotExist())
                .andExpect(jsonPath("$.components.securitySchemes.token.scheme").value("bearer"));
        mvc.perform(get("/swagger-ui/index.html").with(auditor)).andExpect(status().isOk());
        mvc.perform(get("/swagger-ui.html").accept(MediaType.TEXT_HTML)).andExpect(status().is3xxRedirection())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl("/login"));
    }
}
