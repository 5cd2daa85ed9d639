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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gatewise.proto.v1.ConfigUpdate;
import io.gatewise.proto.v1.EnrollResponse;
import io.gatewise.proto.v1.Tunnel;
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
 * An OPERATOR links a gateway to a partner's box in a real browser: the gateway (enrolled
 * by a test agent with the token from the page), a Modern and a Compatible policy pair,
 * the external peer from the External peers page (a typo refused first), and an
 * explicit-links topology with a per-link IKE override. The picture shows the partner as
 * an external node, and the agent receives the tunnel to the partner's address with the
 * override's IKE proposal and the topology's ESP one. Then an AUDITOR sees the external
 * peers without edit buttons and a forged POST from its session is refused. Screenshots
 * go to target/screenshots/external-peer-*.png.
 */
@GatewiseIntegrationTest
class ExternalPeerUiBrowserTest {
    private static final Duration CONFIG_WAIT = Duration.ofSeconds(30);

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
    void anOperatorLinksAGatewayToAnExternalPeerWithAnOverrideAndAnAuditorCannotChangeIt() throws Exception {
        String base = "http://localhost:" + httpPort;
        String p = "xu" + UUID.randomUUID().toString().substring(0, 5);
        String operator = Users.create(users, "xui-op", Role.OPERATOR);
        String auditor = Users.create(users, "xui-aud", Role.AUDITOR);
        String gateway = p + "-hq";
        String partner = p + "-partner";
        List<ManagedChannel> channels = new ArrayList<>();
        TestAgent.Session session = null;
        try (Browser browser = Browser.open()) {
            var driver = browser.driver;
            browser.login(base, operator, Users.PASSWORD);

            // the gateway, its protected subnet, and its agent connected (config v1, no tunnels)
            driver.get(base + "/gateways");
            browser.clickAndWaitForNewPage(By.id("new-gateway"));
            driver.findElement(By.id("name")).sendKeys(gateway);
            driver.findElement(By.id("publicAddress")).sendKeys("192.0.2.31");
            browser.clickAndWaitForNewPage(By.id("create-gateway"));
            String token = driver.findElement(By.id("enrollment-token")).getText().trim();
            String url = driver.getCurrentUrl();
            String id = url.substring(url.indexOf("/gateways/") + 10, url.indexOf("/enroll"));
            driver.get(base + "/gateways/" + id);
            browser.clickAndWaitForNewPage(By.id("topology-settings"));
            driver.findElement(By.id("subnets")).sendKeys("10.81.0.0/24");
            browser.clickAndWaitForNewPage(By.id("save-settings"));
            assertThat(driver.findElement(By.className("notice")).getText()).contains("saved");

            ManagedChannel enroll = TestAgent.channel(grpc.getPort(), ca.caCertificate(), null);
            channels.add(enroll);
            var keys = TestPki.ecP256();
            EnrollResponse enrolled = TestAgent.enroll(enroll, token, TestPki.csrPem(keys, "CN=gatewise-agent"));
            ManagedChannel agent = TestAgent.channel(grpc.getPort(), ca.caCertificate(), keys.getPrivate(),
                    Pem.parseCertificate(enrolled.getCertificatePem()));
            channels.add(agent);
            session = TestAgent.connect(agent, TestAgent.hello(enrolled.getGatewayId(), 0));
            ConfigUpdate v1 = session.nextConfig(CONFIG_WAIT);
            assertThat(v1).isNotNull();
            assertThat(v1.getConfig().getTunnelsCount()).isZero();
            session.ack(v1.getVersion(), true, "");

            // two policy pairs: the topology's (Modern) and the one the partner's box speaks for IKE (Compatible)
            for (String preset : List.of("modern", "compatible")) {
                driver.get(base + "/policies");
                driver.findElement(By.id("preset-name")).sendKeys(p + "-" + preset);
                driver.findElement(By.id("preset-" + preset)).click();
                browser.clickAndWaitForNewPage(By.id("create-preset"));
                assertThat(driver.findElement(By.className("notice")).getText()).contains(p + "-" + preset);
            }

            // the external peer, reached from the navigation next to Topologies; a bad address is refused first
            driver.get(base + "/topologies");
            browser.clickAndWaitForNewPage(By.id("nav-external-peers"));
            assertThat(driver.getCurrentUrl()).endsWith("/external-peers");
            browser.clickAndWaitForNewPage(By.id("new-external-peer"));
            driver.findElement(By.id("name")).sendKeys(partner);
            driver.findElement(By.id("address")).sendKeys("198.51.100.300");
            driver.findElement(By.id("identity")).sendKeys("vpn.partner.example");
            driver.findElement(By.id("subnets")).sendKeys("172.24.0.0/24");
            new Select(driver.findElement(By.id("ike-pick"))).selectByValue("aes256-sha1-modp2048");
            driver.findElement(By.cssSelector("[data-proposal-group] [data-add-proposal]")).click();
            assertThat(driver.findElement(By.id("ikeProposals")).getAttribute("value")).isEqualTo("aes256-sha1-modp2048");
            driver.findElement(By.id("ipsecProposals")).sendKeys("aes256gcm16-ecp256");
            browser.clickAndWaitForNewPage(By.id("save-external-peer"));
            assertThat(driver.findElement(By.cssSelector(".field.invalid .error")).getText())
                    .contains("'198.51.100.300' is neither an IP address nor a DNS name");
            browser.screenshot("external-peer-01-form-error");
            WebElement address = driver.findElement(By.id("address"));
            address.clear();
            address.sendKeys("198.51.100.30");
            browser.clickAndWaitForNewPage(By.id("save-external-peer"));
            assertThat(driver.findElement(By.className("notice")).getText()).contains("External peer " + partner + " saved");
            assertThat(driver.findElement(By.cssSelector("#external-peers tr[data-peer='" + partner + "']")).getText())
                    .contains("198.51.100.30").contains("FQDN:vpn.partner.example").contains("172.24.0.0/24")
                    .doesNotContain("weak");
            browser.screenshot("external-peer-02-list");

            // an explicit-links topology: the gateway to the partner, Modern policies, Compatible IKE on that link
            driver.get(base + "/topologies");
            browser.clickAndWaitForNewPage(By.id("new-topology"));
            driver.findElement(By.id("name")).sendKeys(p + "-partner-link");
            driver.findElement(By.id("kind-explicit")).click();
            assertThat(driver.findElement(By.id("known-external-peers")).getText()).contains(partner);
            driver.findElement(By.id("links")).sendKeys(gateway + " -- " + partner);
            new Select(driver.findElement(By.id("ikePolicy"))).selectByValue(p + "-modern");
            new Select(driver.findElement(By.id("ipsecPolicy"))).selectByValue(p + "-modern");
            driver.findElement(By.id("overrides")).sendKeys(gateway + " -- " + partner + ": ike=" + p + "-compatible");
            browser.screenshot("external-peer-03-topology-form");
            browser.clickAndWaitForNewPage(By.id("save-topology"));

            // the detail page: the partner is an external node (a square), one edge, pre-flight OK
            assertThat(driver.getCurrentUrl()).endsWith("/topologies/" + p + "-partner-link");
            // the page swaps its live part (picture included) for a fresh copy every 10 s: on a
            // slow machine an element found before a swap is stale after it, so look up afresh
            await("the picture").atMost(CONFIG_WAIT).ignoreExceptions().untilAsserted(() -> {
                var svg = driver.findElement(By.id("topology-picture"));
                assertThat(svg.findElements(By.cssSelector("g.node"))).hasSize(2);
                var external = svg.findElements(By.cssSelector("g.node.node-external"));
                assertThat(external).hasSize(1);
                assertThat(external.get(0).findElements(By.tagName("rect"))).hasSize(1);
                assertThat(external.get(0).getAttribute("textContent")).contains(partner);
                assertThat(svg.findElements(By.cssSelector("line.edge")))
                        .extracting(e -> e.getAttribute("data-tunnel")).containsExactly(gateway + "--" + partner);
            });
            assertThat(driver.findElement(By.id("preflight-ok")).getText()).contains("1 tunnel");
            driver.executeScript("document.getElementById('topology-picture').scrollIntoView({block: 'center'})");
            browser.screenshot("external-peer-04-topology-picture");

            // the edit form shows the override in the syntax it was typed in
            driver.get(base + "/topologies/" + p + "-partner-link/edit");
            assertThat(driver.findElement(By.id("overrides")).getAttribute("value"))
                    .isEqualTo(gateway + " -- " + partner + ": ike=" + p + "-compatible");

            // the agent gets the tunnel to the partner: the override's IKE proposal, the topology's ESP one
            ConfigUpdate update = awaitTunnels(session);
            assertThat(update.getConfig().getTunnelsList()).hasSize(1);
            Tunnel t = update.getConfig().getTunnels(0);
            assertThat(t.getName()).isEqualTo(gateway + "--" + partner);
            assertThat(t.getRemoteAddress()).isEqualTo("198.51.100.30");
            assertThat(t.getRemoteIdentity().getValue()).isEqualTo("vpn.partner.example");
            assertThat(t.getIke().getProposalsList()).containsExactly("aes256-sha1-modp2048");
            assertThat(t.getIpsec().getProposalsList()).containsExactly("aes256gcm16-ecp256");
            assertThat(t.getChildrenList()).hasSize(1);
            assertThat(t.getChildren(0).getRemoteSelectorsList()).containsExactly("172.24.0.0/24");
            session.ack(update.getVersion(), true, "");
        }

        // the auditor: the page without edit buttons, a read-only form, and a forged delete refused
        try (Browser browser = Browser.open()) {
            var driver = browser.driver;
            browser.login(base, auditor, Users.PASSWORD);
            browser.clickAndWaitForNewPage(By.id("nav-external-peers"));
            assertThat(driver.findElement(By.cssSelector("#external-peers tr[data-peer='" + partner + "']")).getText())
                    .contains(p + "-partner-link");
            assertThat(driver.findElements(By.id("new-external-peer"))).isEmpty();
            assertThat(driver.findElements(By.cssSelector("#external-peers button"))).isEmpty();
            assertThat(driver.findElements(By.cssSelector("#external-peers .row-actions"))).isEmpty();
            browser.screenshot("external-peer-05-auditor-list");
            browser.clickAndWaitForNewPage(By.linkText(partner));
            assertThat(driver.findElements(By.id("save-external-peer"))).isEmpty();
            assertThat(driver.findElement(By.id("address")).isEnabled()).isFalse();
            assertThat(driver.findElement(By.id("used-by")).getText()).contains(p + "-partner-link");
            Object status = driver.executeAsyncScript("""
                    var done = arguments[arguments.length - 1];
                    var token = document.querySelector('meta[name=_csrf]').content;
                    var header = document.querySelector('meta[name=_csrf_header]').content;
                    var h = {'Content-Type': 'application/x-www-form-urlencoded'}; h[header] = token;
                    fetch(arguments[0], {method: 'POST', headers: h, body: '', credentials: 'same-origin',
                        redirect: 'manual'}).then(function (r) { done(r.status); }, function (e) { done(String(e)); });
                    """, "/external-peers/" + partner + "/delete");
            assertThat(((Number) status).intValue()).as("forged delete as auditor").isEqualTo(403);
            driver.get(base + "/external-peers");
            assertThat(driver.findElements(By.cssSelector("#external-peers tr[data-peer='" + partner + "']"))).hasSize(1);
        } finally {
            if (session != null) {
                session.end();
            }
            channels.forEach(TestAgent::shutdown);
        }
    }

    /** The next config with tunnels (the topology's push; an empty re-send is skipped). */
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
