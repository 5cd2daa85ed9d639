package io.gatewise.server.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.web.context.WebApplicationContext;

import io.gatewise.proto.v1.ActionResult;
import io.gatewise.proto.v1.AgentMessage;
import io.gatewise.proto.v1.ConfigUpdate;
import io.gatewise.proto.v1.ServerMessage;
import io.gatewise.proto.v1.TunnelAction;
import io.gatewise.proto.v1.TunnelActionKind;
import io.gatewise.server.changelog.ChangeEntry;
import io.gatewise.server.changelog.ChangeLog;
import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.config.TunnelInput;
import io.gatewise.server.controlplane.GrpcServerLifecycle;
import io.gatewise.server.gateway.AgentPresence;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.pki.CertificateAuthority;
import io.gatewise.server.system.Role;
import io.gatewise.server.testsupport.AsAdmin;
import io.gatewise.server.testsupport.Gateways;
import io.gatewise.server.testsupport.Gateways.EnrolledAgent;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;
import io.gatewise.server.testsupport.TestAgent;
import io.gatewise.server.testsupport.TestAgent.Session;
import io.gatewise.server.testsupport.Users;
import io.gatewise.server.user.ApiTokenService;
import io.gatewise.server.user.UserService;
import io.grpc.ManagedChannel;

/**
 * Per-tunnel actions through the API and the tunnels page, over the real Connect stream
 * (a test agent with a real certificate and mutual TLS): the action reaches the agent,
 * its answer is stored and audited, and an offline gateway, an unknown tunnel, a wrong
 * kind and a dropped stream each give a clear answer.
 */
@GatewiseIntegrationTest
class TunnelActionApiTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    WebApplicationContext context;
    @Autowired
    GatewayService gateways;
    @Autowired
    DesiredConfigService configs;
    @Autowired
    GrpcServerLifecycle grpc;
    @Autowired
    CertificateAuthority ca;
    @Autowired
    AgentPresence presence;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    ChangeLog changeLog;

    MockMvc mvc;
    ManagedChannel enrollChannel;
    ManagedChannel agentChannel;
    String operator;
    String operatorToken;
    String auditorToken;
    UUID gatewayId;
    String gatewayName;
    Session agent;

    @BeforeEach
    void connectAgentWithATunnel() throws Exception {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
        operator = Users.create(users, "act-op", Role.OPERATOR);
        operatorToken = Users.token(tokens, operator, Role.OPERATOR, Role.OPERATOR, null);
        String auditor = Users.create(users, "act-aud", Role.AUDITOR);
        auditorToken = Users.token(tokens, auditor, Role.AUDITOR, Role.AUDITOR, null);

        enrollChannel = TestAgent.channel(grpc.getPort(), ca.caCertificate(), null);
        EnrolledAgent enrolled = Gateways.enrolled(gateways, enrollChannel, "actions");
        gatewayId = enrolled.gatewayId();
        gatewayName = gateways.get(gatewayId).getName();
        agentChannel = TestAgent.channel(grpc.getPort(), ca.caCertificate(), enrolled.keys().getPrivate(),
                enrolled.certificate());
        agent = TestAgent.connect(agentChannel, TestAgent.hello(gatewayId.toString(), 0));
        assertThat(agent.nextConfig(WAIT).getVersion()).isEqualTo(1);
        agent.ack(1, true, "");
        long v2 = AsAdmin.call(() -> configs.putTunnel(gatewayId, null, new TunnelInput("to-hq", "198.51.100.1",
                List.of("10.20.0.0/24"), List.of("10.0.0.0/16"), "actions-test-psk-0123456789",
                "aes256-sha256-modp2048", "aes128gcm16-ecp256"), "test"));
        ConfigUpdate update = agent.nextConfig(WAIT);
        assertThat(update.getVersion()).isEqualTo(v2);
        agent.ack(v2, true, "");
        await().atMost(WAIT).until(() -> presence.connectedSince(gatewayId).isPresent());
    }

    @AfterEach
    void close() {
        agent.end();
        TestAgent.shutdown(agentChannel);
        TestAgent.shutdown(enrollChannel);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    private String actionsPath() {
        return "/api/v1/gateways/" + gatewayId + "/tunnels/to-hq/actions";
    }

    private TunnelAction nextAction() throws InterruptedException {
        ServerMessage m = agent.nextMessage(WAIT);
        assertThat(m).as("a TunnelAction on the stream").isNotNull();
        assertThat(m.getBodyCase()).isEqualTo(ServerMessage.BodyCase.ACTION);
        return m.getAction();
    }

    private void answer(long id, boolean ok, String text) {
        ActionResult.Builder r = ActionResult.newBuilder().setActionId(id).setOk(ok);
        agent.send(AgentMessage.newBuilder().setActionResult(ok ? r.setDetail(text) : r.setError(text)).build());
    }

    @Test
    void anOperatorsClearReachesTheAgentAndItsAnswerIsStoredAndAudited() throws Exception {
        String body = mvc.perform(post(actionsPath()).header("Authorization", bearer(operatorToken))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"kind\": \"clear\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("SENT"))
                .andExpect(jsonPath("$.kind").value("clear"))
                .andExpect(jsonPath("$.requestedBy").value(operator))
                .andReturn().getResponse().getContentAsString();
        long id = Long.parseLong(body.replaceAll(".*\"id\":(\\d+).*", "$1"));

        TunnelAction action = nextAction();
        assertThat(action.getActionId()).isEqualTo(id);
        assertThat(action.getGatewayId()).isEqualTo(gatewayId.toString());
        assertThat(action.getTunnel()).isEqualTo("to-hq");
        assertThat(action.getKind()).isEqualTo(TunnelActionKind.TUNNEL_ACTION_KIND_CLEAR);

        answer(id, true, "deleted 1 IKE SA(s) and 1 IPsec SA(s), Delete payloads sent to the peer");
        await().atMost(WAIT).until(() -> AsAdmin.call(() -> service().get(id)).finished());
        mvc.perform(get("/api/v1/tunnel-actions/" + id).header("Authorization", bearer(auditorToken)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("OK"))
                .andExpect(jsonPath("$.detail").value(
                        "deleted 1 IKE SA(s) and 1 IPsec SA(s), Delete payloads sent to the peer"))
                .andExpect(jsonPath("$.completedAt").isString());
        mvc.perform(get(actionsPath()).header("Authorization", bearer(auditorToken)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value(id));

        // the change log: who asked, and what the agent answered
        List<ChangeEntry> entries = AsAdmin.call(() -> changeLog.search(null, "tunnel-action", null, null, 0, 50))
                .getContent().stream().filter(e -> e.getObjectId().equals(String.valueOf(id))).toList();
        assertThat(entries).extracting(ChangeEntry::getAction).containsExactlyInAnyOrder("request", "complete");
        assertThat(entries).filteredOn(e -> e.getAction().equals("request")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getActor()).isEqualTo(operator);
                    assertThat(e.getSummary()).isEqualTo("request tunnel-action clear of to-hq on " + gatewayName);
                });
        assertThat(entries).filteredOn(e -> e.getAction().equals("complete")).singleElement()
                .satisfies(e -> {
                    assertThat(e.getActor()).isEqualTo("agent of " + gatewayName);
                    assertThat(e.getAfter()).contains("\"status\":\"OK\"").contains("Delete payloads sent");
                });
    }

    @Test
    void waitingForTheAnswerGivesTheAgentsRefusal() throws Exception {
        CompletableFuture<Void> agentSide = CompletableFuture.runAsync(() -> {
            try {
                TunnelAction a = nextAction();
                assertThat(a.getKind()).isEqualTo(TunnelActionKind.TUNNEL_ACTION_KIND_REKEY);
                answer(a.getActionId(), false, "rekey is not supported by this agent yet");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        mvc.perform(post(actionsPath() + "?wait=15").header("Authorization", bearer(operatorToken))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"kind\": \"rekey\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("FAILED"))
                .andExpect(jsonPath("$.detail").value("rekey is not supported by this agent yet"));
        agentSide.get();
    }

    @Test
    void offlineGatewaysUnknownTunnelsAndBadKindsAreRefusedWithProblems() throws Exception {
        UUID offline = Gateways.create(gateways, "act-offline").gateway().getId();
        String offlineName = gateways.get(offline).getName();
        AsAdmin.call(() -> configs.putTunnel(offline, null, new TunnelInput("to-hq", "198.51.100.1",
                List.of("10.21.0.0/24"), List.of("10.0.0.0/16"), "actions-test-psk-0123456789",
                "aes256-sha256-modp2048", "aes128gcm16-ecp256"), "test"));
        mvc.perform(post("/api/v1/gateways/" + offline + "/tunnels/to-hq/actions")
                        .header("Authorization", bearer(operatorToken))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"kind\": \"bring-up\"}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("gateway " + offlineName
                        + " is offline: its agent has no open connection, so the action cannot be sent"));
        mvc.perform(post("/api/v1/gateways/" + gatewayId + "/tunnels/nowhere/actions")
                        .header("Authorization", bearer(operatorToken))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"kind\": \"reset\"}"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("gateway " + gatewayName + " has no tunnel named nowhere"));
        mvc.perform(post(actionsPath()).header("Authorization", bearer(operatorToken))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"kind\": \"reboot\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("kind"));
        mvc.perform(post(actionsPath()).header("Authorization", bearer(auditorToken))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"kind\": \"clear\"}"))
                .andExpect(status().isForbidden());
        assertThat(agent.nextMessage(Duration.ofMillis(300))).as("nothing reached the agent").isNull();
    }

    @Test
    void anActionTheAgentNeverAnsweredFailsWhenItsStreamEnds() throws Exception {
        TunnelActionView sent = AsAdmin.call(() -> service().request(gatewayId, "to-hq",
                io.gatewise.server.action.TunnelActionKind.BRING_UP,
                "admin"));
        assertThat(nextAction().getActionId()).isEqualTo(sent.id());
        agent.end();
        await().atMost(WAIT).until(() -> AsAdmin.call(() -> service().get(sent.id())).finished());
        TunnelActionView after = AsAdmin.call(() -> service().get(sent.id()));
        assertThat(after.status()).isEqualTo(TunnelActionStatus.FAILED);
        assertThat(after.detail()).isEqualTo("no answer: the agent disconnected before answering");
    }

    @Test
    void theTunnelsPageButtonsSendTheActionAndShowTheAnswer() throws Exception {
        CompletableFuture<Void> agentSide = CompletableFuture.runAsync(() -> {
            try {
                TunnelAction a = nextAction();
                assertThat(a.getKind()).isEqualTo(TunnelActionKind.TUNNEL_ACTION_KIND_RESET);
                answer(a.getActionId(), true, "deleted 1 IKE SA(s); then negotiating Main Mode and 1 Quick Mode(s)");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        mvc.perform(post("/tunnels/actions").with(user(operator).roles("OPERATOR")).with(csrf())
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("gatewayId", gatewayId.toString()).param("tunnel", "to-hq").param("kind", "reset"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/tunnels"))
                .andExpect(flash().attribute("notice", "Reset of to-hq on " + gatewayName
                        + ": deleted 1 IKE SA(s); then negotiating Main Mode and 1 Quick Mode(s)."))
                .andExpect(flash().attribute("noticeOk", true));
        agentSide.get();

        String page = mvc.perform(get("/tunnels").with(user(operator).roles("OPERATOR")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(page).contains("id=\"recent-actions\"").contains("Reset of to-hq")
                .contains("value=\"clear\"").contains("name=\"_csrf\"");
        String auditorPage = mvc.perform(get("/tunnels").with(user("someone").roles("AUDITOR")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(auditorPage).contains("Reset of to-hq").doesNotContain("value=\"clear\"");
        // without the page's CSRF token the form is refused
        mvc.perform(post("/tunnels/actions").with(user(operator).roles("OPERATOR"))
                        .param("gatewayId", gatewayId.toString()).param("tunnel", "to-hq").param("kind", "clear"))
                .andExpect(status().isForbidden());
    }

    private TunnelActionService service() {
        return context.getBean(TunnelActionService.class);
    }
}
