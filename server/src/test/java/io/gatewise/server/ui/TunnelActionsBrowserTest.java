package io.gatewise.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gatewise.agent.config.TunnelActions;
import io.gatewise.agent.control.AgentRunner;
import io.gatewise.agent.control.EnrollOptions;
import io.gatewise.agent.control.Enrollment;
import io.gatewise.agent.control.RunOptions;
import io.gatewise.agent.control.ServerAddress;
import io.gatewise.agent.events.StatusSnapshot;
import io.gatewise.server.config.DesiredConfigService;
import io.gatewise.server.config.TunnelInput;
import io.gatewise.server.controlplane.GrpcServerLifecycle;
import io.gatewise.server.gateway.CreatedGateway;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.pki.CertificateAuthority;
import io.gatewise.server.pki.Pem;
import io.gatewise.server.testsupport.AsAdmin;
import io.gatewise.server.testsupport.Gateways;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;

/**
 * The tunnels page's action buttons in real headless Chromium: a tunnel that appears on
 * the open page (filled in by the live feed from the row template) gets working buttons;
 * "Clear SAs" reaches the real agent over the real stream, and the page after the form's
 * redirect shows the agent's answer and lists it under Recent actions. Screenshot in
 * target/screenshots/tunnel-actions-*.png.
 */
@GatewiseIntegrationTest
class TunnelActionsBrowserTest {
    private static final String TUNNEL = "to-dc";

    @LocalServerPort
    int httpPort;
    @Autowired
    GatewayService gateways;
    @Autowired
    DesiredConfigService configs;
    @Autowired
    GrpcServerLifecycle grpc;
    @Autowired
    CertificateAuthority ca;

    @BeforeEach
    void requireBrowser() {
        Browser.assumeAvailable();
    }

    /** The agent's side: records what it was asked and answers like the real gateway. */
    static final class RecordingActions implements TunnelActions {
        final List<String> calls = new CopyOnWriteArrayList<>();

        private Outcome record(String what, String tunnel, Outcome outcome) {
            calls.add(what + " " + tunnel);
            return outcome;
        }

        @Override
        public Outcome bringUp(String tunnel) {
            return record("bring-up", tunnel, Outcome.done("already up: 1 IPsec SA(s) installed; nothing negotiated"));
        }

        @Override
        public Outcome rekey(String tunnel) {
            return record("rekey", tunnel, Outcome.refused("rekey is not supported by this agent yet"));
        }

        @Override
        public Outcome reset(String tunnel) {
            return record("reset", tunnel, Outcome.done("reset"));
        }

        @Override
        public Outcome clear(String tunnel) {
            return record("clear", tunnel,
                    Outcome.done("deleted 1 IKE SA(s) and 1 IPsec SA(s), Delete payloads sent to the peer"));
        }
    }

    @Test
    void clearSasFromALiveRowReachesTheAgentAndShowsItsAnswer() throws Exception {
        String base = "http://localhost:" + httpPort;
        CreatedGateway created = Gateways.create(gateways, "buttons");
        UUID id = created.gateway().getId();
        String gatewayName = created.gateway().getName();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path stateDir = Files.createTempDirectory(tmp, "agent-actions-ui");
        Path caFile = Files.writeString(Files.createTempFile(tmp, "gatewise-ca", ".pem"), Pem.encode(ca.caCertificate()));
        Enrollment.enroll(EnrollOptions.of(ServerAddress.parse("localhost:" + grpc.getPort()),
                created.token().token().reveal(), stateDir).withCaFile(caFile));
        RecordingActions actions = new RecordingActions();
        RunOptions options = RunOptions.of(stateDir).withBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .withActions(actions)
                .withStatus(() -> new StatusSnapshot(Instant.now(), List.of(), List.of(new StatusSnapshot.ChildSaState(
                        TUNNEL, "10.30.0.0/24--10.0.0.0/16", "a1b2c3d4", "e1f2a3b4", "installed", 5, 3480, 0, 0, 0, 0,
                        0, 0, null, "aes128gcm16-ecp256"))), Duration.ofMillis(400));

        try (AgentRunner agent = AgentRunner.create(options); Browser browser = Browser.open()) {
            agent.start();
            assertThat(agent.awaitState(AgentRunner.State.CONNECTED, Duration.ofSeconds(15))).isTrue();
            ChromeDriver driver = browser.driver;
            browser.login(base, "admin", GatewiseIntegrationTest.ADMIN_PASSWORD);
            browser.clickAndWaitForNewPage(By.id("nav-tunnels"));
            await().atMost(Duration.ofSeconds(20)).until(() -> "live".equals(text(driver, "#live-status")));

            // the tunnel is configured after the page loaded: its row comes from the template
            AsAdmin.call(() -> configs.putTunnel(id, null, new TunnelInput(TUNNEL, "198.51.100.7",
                    List.of("10.30.0.0/24"), List.of("10.0.0.0/16"), "browser-actions-psk-0123456789",
                    "aes256-sha256-modp2048", "aes128gcm16-ecp256"), "browser-test"));
            String row = "tr[data-key='" + id + "/" + TUNNEL + "']";
            await().atMost(Duration.ofSeconds(30)).until(() -> !driver.findElements(By.cssSelector(row)).isEmpty()
                    && "UP".equals(driver.findElement(By.cssSelector(row)).getAttribute("data-state")));
            assertThat(driver.findElement(By.cssSelector(row + " input[name=gatewayId]")).getAttribute("value"))
                    .isEqualTo(id.toString());
            assertThat(driver.findElement(By.cssSelector(row + " input[name=tunnel]")).getAttribute("value"))
                    .isEqualTo(TUNNEL);
            assertThat(driver.findElement(By.cssSelector(row + " input[name=_csrf]")).getAttribute("value"))
                    .isNotBlank();

            browser.clickAndWaitForNewPage(By.cssSelector(row + " button[data-action=clear]"));
            await().atMost(Duration.ofSeconds(20)).until(() -> !driver.findElements(By.id("action-notice")).isEmpty());
            assertThat(text(driver, "#action-notice")).isEqualTo("Clear SAs of " + TUNNEL + " on " + gatewayName
                    + ": deleted 1 IKE SA(s) and 1 IPsec SA(s), Delete payloads sent to the peer.");
            assertThat(actions.calls).containsExactly("clear " + TUNNEL);
            assertThat(text(driver, "#recent-actions")).contains("Clear SAs of " + TUNNEL).contains(gatewayName)
                    .contains("done").contains("admin");
            browser.screenshot("tunnel-actions-01-cleared");

            // a refusal is shown as such
            await().atMost(Duration.ofSeconds(20)).until(() -> !driver.findElements(By.cssSelector(row)).isEmpty());
            browser.clickAndWaitForNewPage(By.cssSelector(row + " button[data-action=rekey]"));
            await().atMost(Duration.ofSeconds(20)).until(() -> !driver.findElements(By.id("action-notice")).isEmpty());
            assertThat(text(driver, "#action-notice")).isEqualTo("Rekey of " + TUNNEL + " on " + gatewayName
                    + " failed: rekey is not supported by this agent yet.");
            assertThat(driver.findElement(By.id("action-notice")).getAttribute("class")).contains("alert-error");
            browser.screenshot("tunnel-actions-02-refused");
        }
    }

    private static String text(ChromeDriver driver, String css) {
        return driver.findElement(By.cssSelector(css)).getText().trim();
    }
}
