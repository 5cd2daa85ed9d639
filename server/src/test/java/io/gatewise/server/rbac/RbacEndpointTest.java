package io.gatewise.server.rbac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.config.TunnelInput;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.system.Role;
import io.gatewise.server.testsupport.Gateways;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;
import io.gatewise.server.testsupport.Users;
import io.gatewise.server.user.ApiTokenService;
import io.gatewise.server.user.UserService;

/**
 * Every mapped endpoint × every role, UI and API. The endpoint list comes from the
 * {@link RequestMappingHandlerMapping}, so an endpoint added without a row in
 * {@link #RULES} fails {@link #everyEndpointHasARule()}. For each row: the allowed roles
 * get through (any answer but 401/403/5xx: writes use ids that do not exist, so nothing
 * is destroyed, and a 404 or 400 proves authorization passed), the others get 403 (a
 * problem+json on {@code /api/v1}), and an anonymous caller is sent to the login page
 * (UI), or gets 401 (JSON endpoints; a problem+json on {@code /api/v1}).
 */
@GatewiseIntegrationTest
class RbacEndpointTest {
    private static final Set<Role> ALL = EnumSet.allOf(Role.class);
    private static final Set<Role> MANAGE = EnumSet.of(Role.ADMIN, Role.OPERATOR);
    private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);
    private static final Set<Role> AUDIT = EnumSet.of(Role.ADMIN, Role.AUDITOR);
    /** No login needed; not checked per role. */
    private static final Set<Role> PUBLIC = Set.of();

    /** "METHOD pattern" to the roles allowed. Every mapped endpoint must be here. */
    static final Map<String, Set<Role>> RULES = new TreeMap<>();

    static {
        // login and error pages
        rule("GET /login", PUBLIC);
        rule("GET /error", PUBLIC);
        // gateway pages
        rule("GET /", ALL);
        rule("GET /gateways", ALL);
        rule("GET /gateways/new", ALL); // the form itself; posting it needs MANAGE
        rule("POST /gateways", MANAGE);
        rule("GET /gateways/{id}", ALL);
        rule("GET /gateways/{id}/enroll", ALL);
        rule("POST /gateways/{id}/token", MANAGE);
        rule("POST /gateways/{id}/delete", MANAGE);
        rule("GET /gateways/{id}/tunnels/new", ALL);
        rule("GET /gateways/{id}/tunnels/{name}/edit", ALL);
        rule("POST /gateways/{id}/tunnels", MANAGE);
        rule("POST /gateways/{id}/tunnels/{name}", MANAGE);
        rule("POST /gateways/{id}/tunnels/{name}/delete", MANAGE);
        rule("GET /ca.pem", ALL);
        // the UI's session JSON
        rule("GET /api/gateways", ALL);
        rule("GET /api/gateways/{id}", ALL);
        rule("GET /api/gateways/{gatewayId}/config", ALL);
        rule("POST /api/gateways/{gatewayId}/tunnels", MANAGE);
        rule("PUT /api/gateways/{gatewayId}/tunnels/{name}", MANAGE);
        rule("DELETE /api/gateways/{gatewayId}/tunnels/{name}", MANAGE);
        // live tunnels (page and its session event stream) and the negotiation audit pages
        rule("GET /tunnels", ALL);
        rule("GET /api/tunnels/stream", ALL);
        rule("GET /audit", ALL);
        rule("GET /audit/export", ALL);
        rule("POST /audit/verify", AUDIT); // changes nothing: auditors may run it
        rule("POST /tunnels/actions", MANAGE); // the tunnels page's bring up / rekey / reset / clear buttons
        // own account
        rule("GET /account", ALL);
        rule("POST /account/password", ALL);
        rule("POST /account/tokens", ALL);
        rule("POST /account/tokens/{id}/revoke", ALL);
        // users
        rule("GET /users", ADMIN);
        rule("POST /users", ADMIN);
        rule("POST /users/{id}/role", ADMIN);
        rule("POST /users/{id}/enabled", ADMIN);
        // change log
        rule("GET /changes", AUDIT);
        rule("GET /changes/{id}", AUDIT);
        // OpenAPI and Swagger UI (springdoc)
        rule("GET /v3/api-docs", ALL);
        rule("GET /v3/api-docs.yaml", ALL);
        rule("GET /v3/api-docs/swagger-config", ALL);
        rule("GET /swagger-ui.html", ALL);
        // token-authenticated API
        rule("GET /api/v1/me", ALL);
        rule("GET /api/v1/gateways", ALL);
        rule("POST /api/v1/gateways", MANAGE);
        rule("GET /api/v1/gateways/{id}", ALL);
        rule("DELETE /api/v1/gateways/{id}", MANAGE);
        rule("POST /api/v1/gateways/{id}/enrollment-token", MANAGE);
        rule("GET /api/v1/gateways/{gatewayId}/config", ALL);
        rule("POST /api/v1/gateways/{gatewayId}/tunnels", MANAGE);
        rule("PUT /api/v1/gateways/{gatewayId}/tunnels/{name}", MANAGE);
        rule("DELETE /api/v1/gateways/{gatewayId}/tunnels/{name}", MANAGE);
        rule("GET /api/v1/users", ADMIN);
        rule("POST /api/v1/users", ADMIN);
        rule("PUT /api/v1/users/{id}/role", ADMIN);
        rule("PUT /api/v1/users/{id}/enabled", ADMIN);
        rule("GET /api/v1/changes", AUDIT);
        rule("GET /api/v1/changes/{id}", AUDIT);
        // negotiation audit and live tunnel state: operators read them to see why a tunnel failed
        rule("GET /api/v1/audit", ALL);
        rule("POST /api/v1/audit/verify", AUDIT);
        rule("GET /api/v1/tunnels", ALL);
        rule("GET /api/v1/tunnels/stream", ALL);
        // policies (pages): forms readable by all (read-only for auditors), writes MANAGE
        rule("GET /policies", ALL);
        rule("POST /policies/preset", MANAGE);
        rule("GET /policies/ike/new", ALL);
        rule("GET /policies/ike/{name}", ALL);
        rule("POST /policies/ike", MANAGE);
        rule("POST /policies/ike/{name}", MANAGE);
        rule("POST /policies/ike/{name}/delete", MANAGE);
        rule("GET /policies/ipsec/new", ALL);
        rule("GET /policies/ipsec/{name}", ALL);
        rule("POST /policies/ipsec", MANAGE);
        rule("POST /policies/ipsec/{name}", MANAGE);
        rule("POST /policies/ipsec/{name}/delete", MANAGE);
        // topologies (pages); revealing a link's key is ADMIN only
        rule("GET /topologies", ALL);
        rule("GET /topologies/new", ALL);
        rule("POST /topologies", MANAGE);
        rule("GET /topologies/{name}", ALL);
        rule("GET /topologies/{name}/edit", ALL);
        rule("POST /topologies/{name}", MANAGE);
        rule("POST /topologies/{name}/delete", MANAGE);
        rule("POST /topologies/{name}/reveal-psk", ADMIN);
        // external peers (pages): list and forms readable by all (read-only for auditors), writes MANAGE
        rule("GET /external-peers", ALL);
        rule("GET /external-peers/new", ALL);
        rule("GET /external-peers/{name}", ALL);
        rule("POST /external-peers", MANAGE);
        rule("POST /external-peers/{name}", MANAGE);
        rule("POST /external-peers/{name}/delete", MANAGE);
        rule("GET /gateways/{id}/topology", ALL);
        rule("POST /gateways/{id}/topology", MANAGE);
        rule("GET /dashboard", ALL);
        // policies and topologies (API)
        rule("GET /api/v1/policies/ike", ALL);
        rule("POST /api/v1/policies/ike", MANAGE);
        rule("GET /api/v1/policies/ike/{name}", ALL);
        rule("PUT /api/v1/policies/ike/{name}", MANAGE);
        rule("DELETE /api/v1/policies/ike/{name}", MANAGE);
        rule("GET /api/v1/policies/ipsec", ALL);
        rule("POST /api/v1/policies/ipsec", MANAGE);
        rule("GET /api/v1/policies/ipsec/{name}", ALL);
        rule("PUT /api/v1/policies/ipsec/{name}", MANAGE);
        rule("DELETE /api/v1/policies/ipsec/{name}", MANAGE);
        rule("GET /api/v1/topologies", ALL);
        rule("POST /api/v1/topologies", MANAGE);
        rule("GET /api/v1/topologies/{name}", ALL);
        rule("PUT /api/v1/topologies/{name}", MANAGE);
        rule("DELETE /api/v1/topologies/{name}", MANAGE);
        rule("GET /api/v1/topologies/{name}/preflight", ALL);
        rule("GET /api/v1/topologies/{name}/picture", ALL);
        rule("POST /api/v1/topologies/{name}/reveal-psk", ADMIN);
        rule("GET /api/v1/external-peers", ALL);
        rule("GET /api/v1/external-peers/{name}", ALL);
        rule("PUT /api/v1/external-peers/{name}", MANAGE);
        rule("DELETE /api/v1/external-peers/{name}", MANAGE);
        rule("GET /api/v1/gateways/{id}/topology", ALL);
        rule("PUT /api/v1/gateways/{id}/topology", MANAGE);
        // per-tunnel actions: operators act, everyone reads what was done
        rule("POST /api/v1/gateways/{gatewayId}/tunnels/{name}/actions", MANAGE);
        rule("GET /api/v1/gateways/{gatewayId}/tunnels/{name}/actions", ALL);
        rule("GET /api/v1/tunnel-actions/{id}", ALL);
    }

    private static void rule(String endpoint, Set<Role> roles) {
        if (RULES.put(endpoint, roles) != null) {
            throw new IllegalStateException("duplicate rule " + endpoint);
        }
    }

    @Autowired
    WebApplicationContext context;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    GatewayService gateways;
    @Autowired
    DesiredConfigService configs;

    MockMvc mvc;
    final Map<Role, String> usernames = new EnumMap<>(Role.class);
    final Map<Role, String> apiTokens = new EnumMap<>(Role.class);
    UUID existingGateway;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        usernames.put(Role.ADMIN, "admin");
        usernames.put(Role.OPERATOR, Users.create(users, "op", Role.OPERATOR));
        usernames.put(Role.AUDITOR, Users.create(users, "aud", Role.AUDITOR));
        for (Role role : Role.values()) {
            apiTokens.put(role, Users.token(tokens, usernames.get(role), role, role, null));
        }
        existingGateway = Gateways.create(gateways, "rbac").gateway().getId();
    }

    /** Every "METHOD pattern" the application maps. */
    Set<String> mappedEndpoints() {
        Set<String> endpoints = new TreeSet<>();
        mappings.getHandlerMethods().forEach((info, method) -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (methods.isEmpty()) {
                    endpoints.add("GET " + pattern); // no method condition: GET stands for all
                } else {
                    methods.forEach(m -> endpoints.add(m.name() + " " + pattern));
                }
            }
        });
        return endpoints;
    }

    @Test
    void everyEndpointHasARule() {
        Set<String> mapped = mappedEndpoints();
        Set<String> missing = new TreeSet<>(mapped);
        missing.removeAll(RULES.keySet());
        assertThat(missing).as("endpoints without a row in RbacEndpointTest.RULES (add one, with its roles)").isEmpty();
        Set<String> stale = new TreeSet<>(RULES.keySet());
        stale.removeAll(mapped);
        assertThat(stale).as("rows for endpoints that no longer exist").isEmpty();
    }

    @Test
    void allowedRolesGetThroughAndTheOthersGet403() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Set<Role>> rule : RULES.entrySet()) {
            if (rule.getValue().isEmpty()) {
                continue;
            }
            for (Role role : Role.values()) {
                boolean allowed = rule.getValue().contains(role);
                MockHttpServletResponse response = call(rule.getKey(), role, allowed);
                int status = response.getStatus();
                if (allowed) {
                    boolean toLogin = status == 302 && String.valueOf(response.getRedirectedUrl()).endsWith("/login");
                    if (status == 401 || status == 403 || status >= 500 || toLogin) {
                        failures.add(rule.getKey() + " as " + role + ": expected access, got " + status);
                    }
                } else if (status != 403) {
                    failures.add(rule.getKey() + " as " + role + ": expected 403, got " + status);
                } else if (isApiV1(rule.getKey()) && !isProblem(response)) {
                    failures.add(rule.getKey() + " as " + role + ": 403 without problem+json");
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void anonymousCallersAreSentToLoginOrGet401() throws Exception {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Set<Role>> rule : RULES.entrySet()) {
            if (rule.getValue().isEmpty()) {
                continue;
            }
            MockHttpServletResponse response = call(rule.getKey(), null, false);
            String path = rule.getKey().split(" ")[1];
            if (path.startsWith("/api/")) {
                if (response.getStatus() != 401) {
                    failures.add(rule.getKey() + ": expected 401, got " + response.getStatus());
                } else if (isApiV1(rule.getKey()) && !isProblem(response)) {
                    failures.add(rule.getKey() + ": 401 without problem+json");
                }
            } else if (response.getStatus() != 302 || !String.valueOf(response.getRedirectedUrl()).endsWith("/login")) {
                failures.add(rule.getKey() + ": expected a redirect to /login, got " + response.getStatus() + " "
                        + response.getRedirectedUrl());
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void serviceMethodsRefuseTheAuditorEvenWithoutAUrlRule() {
        runAs("someone", Role.AUDITOR, () -> {
            assertThatThrownBy(() -> gateways.create("x", "203.0.113.9", "someone"))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> gateways.delete(existingGateway, "someone"))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> gateways.newEnrollmentToken(existingGateway, "someone"))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> configs.putTunnel(existingGateway, null,
                    new TunnelInput("t", "203.0.113.1", List.of(), List.of(), "", "", ""), "someone"))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> configs.deleteTunnel(existingGateway, "t", "someone"))
                    .isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> users.list()).isInstanceOf(AccessDeniedException.class);
        });
        runAs("someone", Role.OPERATOR, () -> {
            assertThatThrownBy(() -> users.changeRole(1, "AUDITOR")).isInstanceOf(AccessDeniedException.class);
            assertThatThrownBy(() -> users.list()).isInstanceOf(AccessDeniedException.class);
        });
    }

    private static void runAs(String name, Role role, Runnable action) {
        var ctx = SecurityContextHolder.createEmptyContext();
        ctx.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(name, null,
                List.of(new SimpleGrantedAuthority(role.authority()))));
        SecurityContextHolder.setContext(ctx);
        try {
            action.run();
        } finally {
            SecurityContextHolder.clearContext();
        }
    }

    /**
     * One request for an endpoint. Allowed writes aim at objects that do not exist, so the
     * table can run against shared data; reads use a real gateway.
     */
    private MockHttpServletResponse call(String endpoint, Role role, boolean allowed) throws Exception {
        String[] parts = endpoint.split(" ");
        HttpMethod method = HttpMethod.valueOf(parts[0]);
        boolean read = method == HttpMethod.GET;
        String gateway = read ? existingGateway.toString() : UUID.randomUUID().toString();
        String path = parts[1]
                .replace("{gatewayId}", gateway)
                .replace("{name}", "no-such-tunnel")
                .replace("{id}", parts[1].startsWith("/gateways") || parts[1].startsWith("/api/gateways")
                        || parts[1].startsWith("/api/v1/gateways") ? gateway : "2147483000");
        if (endpoint.equals("GET /changes/{id}") || endpoint.equals("GET /api/v1/changes/{id}")) {
            path = path.replace("2147483000", "1"); // the first admin's creation is always there
        }
        MockHttpServletRequestBuilder request = request(method, path);
        if (parts[1].startsWith("/api/")) {
            request.accept(MediaType.APPLICATION_JSON);
            if (!read) {
                request.contentType(MediaType.APPLICATION_JSON).content("{}");
            }
        } else { // what a browser sends: pages, and empty forms
            request.accept(MediaType.TEXT_HTML);
            if (!read) {
                request.contentType(MediaType.APPLICATION_FORM_URLENCODED);
            }
        }
        if (isApiV1(endpoint)) {
            if (role != null) {
                request.header("Authorization", "Bearer " + apiTokens.get(role));
            }
        } else {
            if (role != null) {
                request.with(user(usernames.get(role)).roles(role.name()));
            }
            if (!read) {
                request.with(csrf()); // a valid token: a refusal is about the role, not CSRF
            }
        }
        return mvc.perform(request).andReturn().getResponse();
    }

    private static boolean isApiV1(String endpoint) {
        return endpoint.split(" ")[1].startsWith("/api/v1/");
    }

    private static boolean isProblem(MockHttpServletResponse response) {
        return String.valueOf(response.getContentType()).startsWith("application/problem+json");
    }
}
