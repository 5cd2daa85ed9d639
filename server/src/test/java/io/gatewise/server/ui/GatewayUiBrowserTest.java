package io.gatewise.server.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gatewise.proto.v1.ConfigUpdate;
import io.gatewise.proto.v1.EnrollResponse;
import io.gatewise.server.controlplane.GrpcServerLifecycle;
import io.gatewise.server.pki.CertificateAuthority;
import io.gatewise.server.pki.Pem;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;
import io.gatewise.server.testsupport.TestAgent;
import io.gatewise.server.testsupport.TestPki;
import io.grpc.ManagedChannel;

/**
 * The admin's path in a real browser: log in, create a gateway, copy the token from the
 * page, enroll an agent with it, and watch the gateway turn online in the list without
 * reloading; then add a tunnel and see it applied. Screenshots go to target/screenshots/.
 */
@GatewiseIntegrationTest
class GatewayUiBrowserTest {
    /** Generous for a loaded 2-core CI machine: these waits are for a condition, not a bound. */
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int httpPort;
    @Autowired
    GrpcServerLifecycle grpc;
    @Autowired
    CertificateAuthority ca;

    @BeforeEach
    void requireBrowser() {
        Browser.assumeAvailable();
    }

    @Test
    void adminCreatesAGatewayAndSeesItGoOnlineAfterTheAgentEnrolls() throws Exception {
        String base = "http://localhost:" + httpPort;
        String name = "branch-" + UUID.randomUUID().toString().substring(0, 6);
        try (Browser browser = Browser.open()) {
            var driver = browser.driver;
            driver.get(base + "/gateways");
            assertThat(driver.getCurrentUrl()).endsWith("/login");
            browser.screenshot("01-login");
            driver.findElement(By.id("username")).sendKeys("admin");
            driver.findElement(By.id("password")).sendKeys(GatewiseIntegrationTest.ADMIN_PASSWORD);
            browser.clickAndWaitForNewPage(By.id("login-submit"));
            assertThat(driver.getCurrentUrl()).endsWith("/gateways");

            browser.clickAndWaitForNewPage(By.id("new-gateway"));
            driver.findElement(By.id("name")).sendKeys(name);
            driver.findElement(By.id("publicAddress")).sendKeys("203.0.113.77");
            browser.clickAndWaitForNewPage(By.id("create-gateway"));

            String token = driver.findElement(By.id("enrollment-token")).getText().trim();
            assertThat(token).startsWith("gw1_");
            assertThat(driver.findElement(By.id("enroll-command")).getText())
                    .contains("--token " + token).contains("--server localhost:" + grpc.getPort());
            browser.screenshot("02-enrollment-token");

            browser.clickAndWaitForNewPage(By.id("to-list"));
            WebElement badge = row(driver, name).findElement(By.cssSelector("[data-field=state]"));
            assertThat(badge.getText()).isEqualTo("awaiting agent");

            // the agent enrolls with the token read from the page and connects
            ManagedChannel enrollChannel = TestAgent.channel(grpc.getPort(), ca.caCertificate(), null);
            ManagedChannel agentChannel = null;
            try {
                var keys = TestPki.ecP256();
                EnrollResponse enrolled = TestAgent.enroll(enrollChannel, token, TestPki.csrPem(keys, "CN=gatewise-agent"));
                agentChannel = TestAgent.channel(grpc.getPort(), ca.caCertificate(), keys.getPrivate(),
                        Pem.parseCertificate(enrolled.getCertificatePem()));
                TestAgent.Session session = TestAgent.connect(agentChannel, TestAgent.hello(enrolled.getGatewayId(), 0));
                ConfigUpdate v1 = session.nextConfig(PAGE_WAIT);
                session.ack(v1.getVersion(), true, "");

                // the list page refreshes itself every 3 s: no reload (the script reloads the page
                // only when the number of gateways changed; a stale row then is looked up again)
                await().atMost(PAGE_WAIT).ignoreExceptions().until(() ->
                        row(driver, name).findElement(By.cssSelector("[data-field=state]")).getText().equals("online"));
                await().atMost(PAGE_WAIT).ignoreExceptions().until(() ->
                        row(driver, name).findElement(By.cssSelector("[data-field=config]")).getText().equals("v1"));
                browser.screenshot("03-gateway-online");

                // add a tunnel through the form; the agent gets v2 and applies it
                browser.clickAndWaitForNewPage(By.linkText(name));
                browser.clickAndWaitForNewPage(By.id("add-tunnel"));
                driver.findElement(By.id("name")).sendKeys("to-hq");
                driver.findElement(By.id("remoteAddress")).sendKeys("198.51.100.1");
                driver.findElement(By.id("localSubnets")).sendKeys("10.20.0.0/24");
                driver.findElement(By.id("remoteSubnets")).sendKeys("10.0.0.1/16");
                driver.findElement(By.id("psk")).sendKeys("browser-test-psk-123456");
                browser.clickAndWaitForNewPage(By.id("save-tunnel"));
                // a typo is reported next to its field; the PSK is not echoed back
                assertThat(driver.findElement(By.cssSelector(".field.invalid .error")).getText()).contains("host bits");
                assertThat(driver.findElement(By.id("psk")).getAttribute("value")).isEmpty();
                browser.screenshot("04-tunnel-form-error");
                driver.findElement(By.id("remoteSubnets")).clear();
                driver.findElement(By.id("remoteSubnets")).sendKeys("10.0.0.0/16\n172.16.0.0/12");
                driver.findElement(By.id("psk")).sendKeys("browser-test-psk-123456");
                browser.clickAndWaitForNewPage(By.id("save-tunnel"));
                assertThat(driver.findElement(By.className("notice")).getText()).contains("saved as config v2");

                // how fast a change reaches the agent is ConnectGrpcTest's and RealAgentEndToEndTest's
                // to assert; here the push only has to come (a loaded CI machine may take over 1 s)
                ConfigUpdate v2 = session.nextConfig(PAGE_WAIT);
                assertThat(v2).as("config v2 pushed").isNotNull();
                assertThat(v2.getVersion()).isEqualTo(2);
                session.ack(2, true, "");
                await().atMost(PAGE_WAIT).ignoreExceptions().until(() -> {
                    driver.navigate().refresh();
                    return driver.findElement(By.id("config-status")).getText().matches("config v2 applied .* after change");
                });
                assertThat(driver.getPageSource()).doesNotContain("browser-test-psk-123456");
                browser.screenshot("05-gateway-detail");

                browser.resize(390, 844);
                driver.get(base + "/gateways");
                browser.screenshot("06-gateway-list-phone");
                driver.get(base + "/gateways/" + enrolled.getGatewayId());
                browser.screenshot("07-gateway-detail-phone");
                session.end();
            } finally {
                TestAgent.shutdown(enrollChannel);
                if (agentChannel != null) {
                    TestAgent.shutdown(agentChannel);
                }
            }
        }
    }

    private static WebElement row(org.openqa.selenium.WebDriver driver, String gatewayName) {
        return driver.findElement(By.xpath("//tr[.//a[normalize-space()='" + gatewayName + "']]"));
    }
}
