package io.gatewise.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gatewise.proto.v1.AgentMessage;
import io.gatewise.proto.v1.ChildSaStatus;
import io.gatewise.proto.v1.ConfigUpdate;
import io.gatewise.proto.v1.EnrollResponse;
import io.gatewise.proto.v1.StatusReport;
import io.gatewise.server.controlplane.GrpcServerLifecycle;
import io.gatewise.server.pki.CertificateAuthority;
import io.gatewise.server.pki.Pem;
import io.gatewise.server.system.Role;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;
import io.gatewise.server.testsupport.TestAgent;
import io.gatewise.server.testsupport.TestPki;
import io.gatewise.server.testsupport.Users;
import io.gatewise.server.user.UserService;
import io.grpc.ManagedChannel;

/**
 * An OPERATOR builds a full mesh in a real browser: three gateways (each enrolled by a
 * test agent with the token read from the page), their subnets, a "Modern" policy pair
 * from the preset and the mesh from the wizard; the picture has three nodes and three
 * edges and every agent receives a config with two tunnels. Then an AUDITOR sees no
 * change buttons and a forged POST from its session is refused. Screenshots go to
 * target/screenshots/topology-*.png.
 */
@GatewiseIntegrationTest
class TopologyUiBrowserTest {
    private static final Duration CONFIG_WAIT = Duration.ofSeconds(30);
    /** Reading the picture retries only when the live refresh replaced it mid-read. */
    private static final Duration PICTURE_WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int httpPort;
    @Autowired
    GrpcServerLifecycle grpc;
    @Autowired
    CertificateAuthority ca;
    @Autowired
    UserService users;

    @BeforeEach
    void requireBrowser() {
        Browser.assumeAvailable();
    }

    @Test
    void anOperatorBuildsAMeshOfThreeAndAnAuditorCannotChangeIt() throws Exception {
        String base = "http://localhost:" + httpPort;
        String p = "ui" + UUID.randomUUID().toString().substring(0, 5);
        String operator = Users.create(users, "ui-op", Role.OPERATOR);
        String auditor = Users.create(users, "ui-aud", Role.AUDITOR);
        List<String> names = List.of(p + "-hq", p + "-br1", p + "-br2");
        List<ManagedChannel> channels = new ArrayList<>();
        List<TestAgent.Session> sessions = new ArrayList<>();
        try (Browser browser = Browser.open()) {
            var driver = browser.driver;
            browser.login(base, operator, Users.PASSWORD);

            for (int i = 0; i < 3; i++) {
                driver.get(base + "/gateways");
                browser.clickAndWaitForNewPage(By.id("new-gateway"));
                driver.findElement(By.id("name")).sendKeys(names.get(i));
                driver.findElement(By.id("publicAddress")).sendKeys("192.0.2." + (11 + i));
                browser.clickAndWaitForNewPage(By.id("create-gateway"));
                String token = driver.findElement(By.id("enrollment-token")).getText().trim();
                String url = driver.getCurrentUrl();
                String id = url.substring(url.indexOf("/gateways/") + 10, url.indexOf("/enroll"));

                // the gateway's protected subnet, on its topology settings page
                driver.get(base + "/gateways/" + id);
                browser.clickAndWaitForNewPage(By.id("topology-settings"));
                driver.findElement(By.id("subnets")).sendKeys("10.7" + i + ".0.0/24");
                browser.clickAndWaitForNewPage(By.id("save-settings"));
                assertThat(driver.findElement(By.className("notice")).getText()).contains("saved");

                // its agent enrolls with the token from the page and connects: config v1, no tunnels
                ManagedChannel enroll = TestAgent.channel(grpc.getPort(), ca.caCertificate(), null);
                channels.add(enroll);
                var keys = TestPki.ecP256();
                EnrollResponse enrolled = TestAgent.enroll(enroll, token, TestPki.csrPem(keys, "CN=gatewise-agent"));
                ManagedChannel agent = TestAgent.channel(grpc.getPort(), ca.caCertificate(), keys.getPrivate(),
                        Pem.parseCertificate(enrolled.getCertificatePem()));
                channels.add(agent);
                TestAgent.Session session = TestAgent.connect(agent, TestAgent.hello(enrolled.getGatewayId(), 0));
                ConfigUpdate v1 = session.nextConfig(CONFIG_WAIT);
                assertThat(v1).isNotNull();
                assertThat(v1.getConfig().getTunnelsCount()).isZero();
                session.ack(v1.getVersion(), true, "");
                sessions.add(session);
            }

            // a "Modern" IKE + IPsec policy pair from the preset
            driver.get(base + "/policies");
            browser.screenshot("topology-01-policies-empty");
            driver.findElement(By.id("preset-name")).sendKeys(p + "-modern");
            driver.findElement(By.id("preset-modern")).click();
            browser.clickAndWaitForNewPage(By.id("create-preset"));
            assertThat(driver.findElement(By.className("notice")).getText()).contains(p + "-modern");
            assertThat(driver.findElement(By.cssSelector("#ike-policies tr[data-policy='" + p + "-modern']")).getText())
                    .contains("aes256-sha256-ecp256").doesNotContain("weak");
            browser.screenshot("topology-02-policies");

            // the wizard: a full mesh of the three, Modern policies; a first try without members is refused
            driver.get(base + "/topologies");
            browser.clickAndWaitForNewPage(By.id("new-topology"));
            driver.findElement(By.id("name")).sendKeys(p + "-mesh");
            driver.findElement(By.id("kind-hub")).click();
            assertThat(driver.findElement(By.id("hub-step")).isDisplayed()).isTrue();
            driver.findElement(By.id("kind-mesh")).click();
            assertThat(driver.findElement(By.id("hub-step")).isDisplayed()).as("no hubs in a mesh").isFalse();
            new Select(driver.findElement(By.id("ikePolicy"))).selectByValue(p + "-modern");
            new Select(driver.findElement(By.id("ipsecPolicy"))).selectByValue(p + "-modern");
            browser.clickAndWaitForNewPage(By.id("save-topology"));
            assertThat(driver.findElement(By.cssSelector(".field.invalid .error")).getText())
                    .contains("Pick at least one gateway");
            browser.screenshot("topology-03-wizard-error");
            for (String n : names) {
                driver.findElement(By.cssSelector("input[data-member='" + n + "']")).click();
            }
            browser.screenshot("topology-04-wizard");
            browser.clickAndWaitForNewPage(By.id("save-topology"));

            // the detail page: pre-flight OK and the picture with three nodes and three edges
            assertThat(driver.getCurrentUrl()).endsWith("/topologies/" + p + "-mesh");
            assertThat(driver.findElement(By.id("preflight-ok")).getText()).contains("all 3 tunnels");
            List<String> sorted = names.stream().sorted().toList();
            // the page swaps its live part (picture included) for a fresh copy every 10 s: on a
            // slow machine an element found before a swap is stale after it, so look up afresh
            await("the mesh picture").atMost(PICTURE_WAIT).ignoreExceptions().untilAsserted(() -> {
                var svg = driver.findElement(By.id("topology-picture"));
                assertThat(svg.findElements(By.cssSelector("g.node"))).hasSize(3);
                assertThat(svg.findElements(By.cssSelector("g.node circle"))).hasSize(3);
                assertThat(svg.findElements(By.cssSelector("line.edge"))).hasSize(3);
                assertThat(svg.findElements(By.cssSelector("line.edge title"))).hasSize(3);
                List<String> tunnels = svg.findElements(By.cssSelector("line.edge")).stream()
                        .map(e -> e.getAttribute("data-tunnel")).sorted().toList();
                assertThat(tunnels).containsExactly(sorted.get(0) + "--" + sorted.get(1),
                        sorted.get(0) + "--" + sorted.get(2), sorted.get(1) + "--" + sorted.get(2));
            });
            assertThat(driver.findElements(By.cssSelector("#tunnel-list tbody tr"))).hasSize(3);
            assertThat(driver.findElements(By.cssSelector("[id^='reveal-']"))).as("reveal is for admins").isEmpty();
            browser.screenshot("topology-05-mesh-picture");

            // every agent receives its config with two tunnels, one to each other gateway
            for (int i = 0; i < 3; i++) {
                ConfigUpdate update = awaitTunnels(sessions.get(i));
                assertThat(update.getConfig().getTunnelsList()).extracting(t -> t.getName())
                        .allMatch(n -> n.contains(names.get(0)) || n.contains(names.get(1)) || n.contains(names.get(2)))
                        .hasSize(2);
                sessions.get(i).ack(update.getVersion(), true, "");
            }

            // live state: the first two report an installed SA on their tunnel, the third reports none;
            // that edge turns green, the other two show "never established"
            String live = sorted.get(0) + "--" + sorted.get(1);
            for (int i = 0; i < 3; i++) {
                var report = StatusReport.newBuilder().setTimestampMillis(System.currentTimeMillis());
                String self = names.get(i);
                if (self.equals(sorted.get(0)) || self.equals(sorted.get(1))) {
                    boolean first = self.equals(sorted.get(0));
                    report.addChildSas(ChildSaStatus.newBuilder().setTunnel(live).setChild(live)
                            .setSpiIn(first ? "c0ffee01" : "c0ffee02").setSpiOut(first ? "c0ffee02" : "c0ffee01")
                            .setState("installed").setSecondsToRekey(3000));
                }
                sessions.get(i).send(AgentMessage.newBuilder().setStatus(report).build());
            }
            await("edge colours from the live status").atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                driver.navigate().refresh();
                return "up".equals(edgeState(driver, live))
                        && "never".equals(edgeState(driver, sorted.get(1) + "--" + sorted.get(2)));
            });
            assertThat(edgeState(driver, sorted.get(0) + "--" + sorted.get(2))).isEqualTo("never");
            assertThat(driver.findElement(By.cssSelector("#tunnel-list tr[data-tunnel='" + live + "']")).getText())
                    .contains("up (both ends)");
            browser.screenshot("topology-05b-mesh-live");
            browser.resize(390, 844);
            driver.navigate().refresh();
            browser.screenshot("topology-06-mesh-phone");
            browser.resize(1280, 900);
            driver.get(base + "/dashboard");
            browser.screenshot("topology-07-dashboard");
        }

        // the auditor: no change buttons anywhere, and a forged POST is refused
        try (Browser browser = Browser.open()) {
            var driver = browser.driver;
            browser.login(base, auditor, Users.PASSWORD);
            driver.get(base + "/policies");
            assertThat(driver.findElements(By.id("create-preset"))).isEmpty();
            assertThat(driver.findElements(By.id("new-ike-policy"))).isEmpty();
            assertThat(driver.findElements(By.cssSelector("#ike-policies button"))).isEmpty();
            driver.get(base + "/policies/ike/" + p + "-modern");
            assertThat(driver.findElements(By.id("save-policy"))).isEmpty();
            assertThat(driver.findElement(By.id("name")).isEnabled()).isFalse();
            driver.get(base + "/topologies");
            assertThat(driver.findElements(By.id("new-topology"))).isEmpty();
            driver.get(base + "/topologies/" + p + "-mesh");
            assertThat(driver.findElements(By.id("edit-topology"))).isEmpty();
            assertThat(driver.findElements(By.id("delete-topology"))).isEmpty();
            assertThat(driver.findElements(By.cssSelector("#topology-picture line.edge"))).hasSize(3);
            browser.screenshot("topology-08-auditor-view");
            Object status = driver.executeAsyncScript("""
                    var done = arguments[arguments.length - 1];
                    var token = document.querySelector('meta[name=_csrf]').content;
                    var header = document.querySelector('meta[name=_csrf_header]').content;
                    var h = {'Content-Type': 'application/x-www-form-urlencoded'}; h[header] = token;
                    fetch(arguments[0], {method: 'POST', headers: h, body: '', credentials: 'same-origin',
                        redirect: 'manual'}).then(function (r) { done(r.status); }, function (e) { done(String(e)); });
                    """, "/topologies/" + p + "-mesh/delete");
            assertThat(((Number) status).intValue()).as("forged delete as auditor").isEqualTo(403);
            driver.get(base + "/topologies/" + p + "-mesh");
            assertThat(driver.findElements(By.cssSelector("#topology-picture g.node"))).hasSize(3);
        } finally {
            sessions.forEach(TestAgent.Session::end);
            channels.forEach(TestAgent::shutdown);
        }
    }

    private static String edgeState(org.openqa.selenium.WebDriver driver, String tunnel) {
        return driver.findElement(By.cssSelector("#topology-picture line[data-tunnel='" + tunnel + "']"))
                .getAttribute("data-state");
    }

    /** The next config with tunnels (the mesh's push; an empty re-send is skipped). */
    private static ConfigUpdate awaitTunnels(TestAgent.Session session) throws InterruptedException {
        long deadline = System.nanoTime() + CONFIG_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            ConfigUpdate u = session.nextConfig(Duration.ofSeconds(1));
            if (u != null && u.getConfig().getTunnelsCount() > 0) {
                return u;
            }
        }
        throw new AssertionError("no config with tunnels within " + CONFIG_WAIT);
    }
}
