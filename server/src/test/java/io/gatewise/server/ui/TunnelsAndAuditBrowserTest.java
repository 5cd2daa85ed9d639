package io.gatewise.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import io.gatewise.agent.control.AgentRunner;
import io.gatewise.agent.control.EnrollOptions;
import io.gatewise.agent.control.Enrollment;
import io.gatewise.agent.control.RunOptions;
import io.gatewise.agent.control.ServerAddress;
import io.gatewise.agent.events.NegotiatedSa;
import io.gatewise.agent.events.NegotiationFailure;
import io.gatewise.agent.events.SaEventKind;
import io.gatewise.agent.events.SaRole;
import io.gatewise.agent.events.StatusSnapshot;
import io.gatewise.agent.events.TunnelEvent;
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
 * The tunnels and audit pages in real headless Chromium, fed by the real agent over the
 * real gRPC stream: the tunnel goes from "never established" to UP on the open page
 * without a reload (server-sent events), its counters and sparkline follow; then the
 * audit page filters to the one failed negotiation with its reason and both sides'
 * proposals, exports it as CSV and JSON on the session, and Verify says the chain is
 * intact. Screenshots in target/screenshots/tunnels-*.png and audit-*.png.
 */
@GatewiseIntegrationTest
class TunnelsAndAuditBrowserTest {
    private static final String TUNNEL = "to-hq";
    private static final String REASON = "peer offered AES-128/SHA1/MODP-1024; local policy accepts only MODP-2048 and up";
    /** Generous for a loaded 2-core CI machine (browser, JVM, PostgreSQL on two cores): waits for a condition. */
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);

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
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void requireBrowser() {
        Browser.assumeAvailable();
    }

    @Test
    void theTunnelGoesUpLiveAndTheAuditFiltersExportsAndVerifies() throws Exception {
        String base = "http://localhost:" + httpPort;
        CreatedGateway created = Gateways.create(gateways, "live");
        UUID id = created.gateway().getId();
        String gatewayName = created.gateway().getName();
        AsAdmin.call(() -> configs.putTunnel(id, null, new TunnelInput(TUNNEL, "198.51.100.1",
                List.of("10.20.0.0/24"), List.of("10.0.0.0/16"), "browser-test-psk-0123456789",
                "aes256-sha256-modp2048", "aes128gcm16-ecp256"), "browser-test"));

        // The agent reports what this reference holds: nothing yet, then an installed SA.
        AtomicReference<List<StatusSnapshot.ChildSaState>> sas = new AtomicReference<>(List.of());
        AtomicLong bytes = new AtomicLong();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Path stateDir = Files.createTempDirectory(tmp, "agent-ui");
        Path caFile = Files.writeString(Files.createTempFile(tmp, "gatewise-ca", ".pem"), Pem.encode(ca.caCertificate()));
        Enrollment.enroll(EnrollOptions.of(ServerAddress.parse("localhost:" + grpc.getPort()),
                created.token().token().reveal(), stateDir).withCaFile(caFile));
        RunOptions options = RunOptions.of(stateDir).withBackoff(Duration.ofMillis(100), Duration.ofMillis(500))
                .withStatus(() -> new StatusSnapshot(Instant.now(), List.of(), sas.get()), Duration.ofMillis(400));

        try (AgentRunner agent = AgentRunner.create(options); Browser browser = Browser.open()) {
            agent.start();
            assertThat(agent.awaitState(AgentRunner.State.CONNECTED, Duration.ofSeconds(15))).isTrue();
            ChromeDriver driver = browser.driver;
            browser.login(base, "admin", GatewiseIntegrationTest.ADMIN_PASSWORD);

            browser.clickAndWaitForNewPage(By.id("nav-tunnels"));
            String row = "tr[data-key='" + id + "/" + TUNNEL + "']";
            await().atMost(PAGE_WAIT).until(() -> "live".equals(text(driver, "#live-status")));
            await().atMost(PAGE_WAIT).until(() -> !driver.findElements(By.cssSelector(row)).isEmpty()
                    && "NEVER_ESTABLISHED".equals(driver.findElement(By.cssSelector(row)).getAttribute("data-state")));
            assertThat(text(driver, row + " [data-field=state]")).isEqualTo("never established");
            assertThat(text(driver, row + " [data-field=gatewayName]")).isEqualTo(gatewayName);
            browser.screenshot("tunnels-01-never-established");
            driver.executeScript("window.gatewiseNoReload = 'still the same page';");

            // The SA comes up: only the agent's next StatusReport tells the page.
            sas.set(List.of(sa(bytes.addAndGet(8400))));
            await().atMost(PAGE_WAIT).until(() ->
                    "UP".equals(driver.findElement(By.cssSelector(row)).getAttribute("data-state")));
            assertThat(driver.executeScript("return window.gatewiseNoReload")).isEqualTo("still the same page");
            assertThat(text(driver, row + " [data-field=state]")).isEqualTo("up");
            assertThat(text(driver, row + " [data-field=spiIn]")).isEqualTo("c1a2b3c4");
            assertThat(text(driver, row + " [data-field=spiOut]")).isEqualTo("d1e2f3a4");
            assertThat(text(driver, row + " [data-field=proposal]")).isEqualTo("aes128gcm16-ecp256");
            assertThat(text(driver, row + " [data-field=rekeyText]")).isEqualTo("in 58 min");
            assertThat(text(driver, "#tunnel-announcer")).contains(TUNNEL + " on " + gatewayName + " is now up");

            // Traffic flows: totals grow with every report and the sparkline draws a line.
            String[] shown = {"↓ 33 kB · 397 pkt", "↓ 83 kB · 992 pkt", "↓ 158 kB · 1885 pkt", "↓ 258 kB · 3076 pkt"};
            for (int i = 0; i < shown.length; i++) {
                sas.set(List.of(sa(bytes.addAndGet(25_000L * (i + 1)))));
                String expected = shown[i];
                await().atMost(PAGE_WAIT).until(() ->
                        expected.equals(text(driver, row + " [data-field=trafficIn]")));
            }
            await().atMost(PAGE_WAIT).until(() -> !driver.findElement(By.cssSelector(row
                    + " polyline")).getAttribute("points").isBlank());
            assertThat(driver.executeScript("return window.gatewiseNoReload")).isEqualTo("still the same page");
            browser.screenshot("tunnels-02-up-live");
            browser.resize(390, 844);
            browser.screenshot("tunnels-03-phone");
            browser.resize(1280, 900);

            // Two negotiations through the agent's event journal and the real stream.
            agent.eventSink().report(TunnelEvent.builder(SaEventKind.CHILD_ESTABLISHED, TUNNEL)
                    .child("10.20.0.0/24--10.0.0.0/16").peerEndpoint("198.51.100.1:500").role(SaRole.INITIATOR)
                    .stage("quick_mode").cookies("0011223344556677", "8899aabbccddeeff")
                    .negotiated(new NegotiatedSa("quick", "aes128gcm16-ecp256", "ECP-256", "", "", "", false,
                            "c1a2b3c4", "d1e2f3a4", 3600, 0, List.of("10.20.0.0/24"), List.of("10.0.0.0/16"), "tunnel"))
                    .build());
            agent.eventSink().report(TunnelEvent.builder(SaEventKind.PHASE1_FAILED, TUNNEL)
                    .peerEndpoint("198.51.100.1:500").role(SaRole.RESPONDER).stage("main_mode")
                    .failure(new NegotiationFailure("NO-PROPOSAL-CHOSEN", true, List.of("aes128-sha1-modp1024"),
                            List.of("aes256-sha256-modp2048", "aes128-sha256-ecp256"), REASON))
                    .build());
            await().atMost(PAGE_WAIT).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM sa_event WHERE gateway_id = ?", Long.class, id) == 2);

            browser.clickAndWaitForNewPage(By.id("nav-audit"));
            new Select(driver.findElement(By.id("filter-gateway"))).selectByValue(id.toString());
            new Select(driver.findElement(By.id("filter-outcome"))).selectByValue("failed");
            browser.clickAndWaitForNewPage(By.id("apply-filter"));
            await().atMost(PAGE_WAIT).until(() -> driver.getCurrentUrl().contains("outcome=failed"));
            assertThat(driver.getCurrentUrl()).contains("gateway=" + id);
            List<WebElement> rows = driver.findElements(By.cssSelector("#audit-table tbody tr[data-outcome]"));
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).getAttribute("data-outcome")).isEqualTo("failed");
            assertThat(rows.get(0).findElement(By.cssSelector(".reason")).getText()).isEqualTo(REASON);
            assertThat(rows.get(0).findElement(By.cssSelector(".offered")).getText()).isEqualTo("aes128-sha1-modp1024");
            assertThat(rows.get(0).findElement(By.cssSelector(".accepted")).getText())
                    .isEqualTo("aes256-sha256-modp2048, aes128-sha256-ecp256");
            assertThat(rows.get(0).getText()).contains("NO-PROPOSAL-CHOSEN, sent by this gateway");
            browser.screenshot("audit-01-failed-filtered");

            // The export links carry the same filter and work on the browser's session.
            String csv = fetch(driver, driver.findElement(By.id("export-csv")).getAttribute("href"));
            String[] lines = csv.split("\r?\n"); // WebDriver hands strings back with \n line ends
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).isEqualTo("occurred_at,gateway_id,event_id,kind,outcome,stage,tunnel,child,"
                    + "peer_endpoint,role,initiator_cookie,responder_cookie,reason,detail,row_hash");
            assertThat(lines[1]).contains("," + id + ",2,PHASE1_FAILED,failed,main_mode," + TUNNEL + ",")
                    .contains("," + REASON + ",").contains("aes128-sha1-modp1024");
            String exported = fetch(driver, driver.findElement(By.id("export-json")).getAttribute("href"));
            assertThat(exported).startsWith("[{").contains("\"eventId\":2").contains("\"outcome\":\"failed\"")
                    .doesNotContain("\"outcome\":\"established\"");

            // Unfiltered for this gateway, both events show; the established one with what was agreed.
            new Select(driver.findElement(By.id("filter-outcome"))).selectByValue("");
            browser.clickAndWaitForNewPage(By.id("apply-filter"));
            await().atMost(PAGE_WAIT).until(() -> driver.getCurrentUrl().contains("outcome=&"));
            assertThat(driver.findElements(By.cssSelector("#audit-table tbody tr[data-outcome]"))).hasSize(2);
            assertThat(text(driver, "#audit-table tr[data-outcome=established]"))
                    .contains("aes128gcm16-ecp256 · ECP-256").contains("in c1a2b3c4 / out d1e2f3a4");

            driver.findElement(By.id("verify-chain")).click();
            await().atMost(PAGE_WAIT).until(() -> !driver.findElements(By.id("verify-result")).isEmpty());
            assertThat(text(driver, "#verify-result")).matches("Chain intact: [0-9,]+ events? in [0-9]+ gateways?");
            browser.screenshot("audit-02-verified");
            browser.resize(390, 844);
            browser.screenshot("audit-03-phone");
        }
    }

    private static StatusSnapshot.ChildSaState sa(long bytesEachWay) {
        return new StatusSnapshot.ChildSaState(TUNNEL, "10.20.0.0/24--10.0.0.0/16", "c1a2b3c4", "d1e2f3a4",
                "installed", 5, 3480, bytesEachWay, bytesEachWay, bytesEachWay / 84, bytesEachWay / 84, 0, 0,
                Instant.now(), "aes128gcm16-ecp256");
    }

    private static String text(ChromeDriver driver, String css) {
        return driver.findElement(By.cssSelector(css)).getText().trim();
    }

    /** GET from the page's own origin with its session cookie; the response text. */
    private static String fetch(ChromeDriver driver, String url) {
        Object body = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {credentials: 'same-origin'})
                    .then(r => r.ok ? r.text() : 'HTTP ' + r.status).then(done, e => done('ERROR ' + e));
                """, url);
        return String.valueOf(body);
    }
}
