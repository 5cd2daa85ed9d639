package io.gatewise.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.system.Role;
import io.gatewise.server.testsupport.Gateways;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;
import io.gatewise.server.testsupport.Users;
import io.gatewise.server.user.UserService;

/**
 * An AUDITOR in a real browser: sees gateways and the change log, no create/edit/delete
 * buttons, no Users page; a POST forged from the page with the page's valid CSRF token is
 * refused with 403 and changes nothing. Screenshots in target/screenshots/.
 */
@GatewiseIntegrationTest
class AuditorBrowserTest {
    @LocalServerPort
    int httpPort;
    @Autowired
    UserService users;
    @Autowired
    GatewayService gateways;
    @Autowired
    JdbcTemplate jdbc;

    @BeforeEach
    void requireBrowser() {
        Browser.assumeAvailable();
    }

    @Test
    void anAuditorSeesNoChangeButtonsAndAForgedPostIsRefused() throws Exception {
        String base = "http://localhost:" + httpPort;
        String auditor = Users.create(users, "auditor", Role.AUDITOR);
        UUID gateway = Gateways.create(gateways, "audited").gateway().getId();
        try (Browser browser = Browser.open()) {
            var driver = browser.driver;
            browser.login(base, auditor, Users.PASSWORD);
            assertThat(driver.findElement(By.id("my-role")).getText()).isEqualTo("AUDITOR");
            assertThat(driver.findElements(By.id("new-gateway"))).isEmpty();
            assertThat(driver.findElements(By.id("nav-users"))).isEmpty();
            assertThat(driver.findElements(By.id("nav-changes"))).hasSize(1);
            browser.screenshot("rbac-01-auditor-gateways");

            driver.get(base + "/gateways/" + gateway);
            assertThat(driver.findElements(By.id("add-tunnel"))).isEmpty();
            assertThat(driver.findElements(By.cssSelector("form[action$='/delete']"))).isEmpty();
            assertThat(driver.findElements(By.cssSelector("form[action$='/token']"))).isEmpty();
            browser.screenshot("rbac-02-auditor-gateway-detail");

            // a forged delete with the page's own, valid CSRF token
            Object status = driver.executeAsyncScript("""
                    const done = arguments[arguments.length - 1];
                    const token = document.querySelector('meta[name=_csrf]').content;
                    fetch('/gateways/%s/delete', {method: 'POST', redirect: 'manual',
                        headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                        body: '_csrf=' + encodeURIComponent(token)}).then(r => done(r.status));
                    """.formatted(gateway));
            assertThat(((Number) status).intValue()).isEqualTo(403);
            assertThat(jdbc.queryForObject("select count(*) from gateway where id = ?", Integer.class, gateway)).isEqualTo(1);

            driver.get(base + "/users");
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Not allowed");
            browser.screenshot("rbac-03-auditor-users-forbidden");

            driver.get(base + "/changes");
            assertThat(driver.findElement(By.id("change-table")).getText()).contains("create gateway");
            browser.screenshot("rbac-04-auditor-changes");
            browser.clickAndWaitForNewPage(By.cssSelector("#change-table a.button"));
            assertThat(driver.findElement(By.id("diff-table")).getText()).isNotEmpty();
            browser.screenshot("rbac-05-change-diff");

            driver.get(base + "/account");
            driver.findElement(By.id("token-name")).sendKeys("audit-script");
            browser.clickAndWaitForNewPage(By.id("create-token"));
            assertThat(driver.findElement(By.id("new-api-token")).getText()).startsWith("gw_");
            browser.screenshot("rbac-06-auditor-api-token");

            driver.get(base + "/swagger-ui.html");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> !driver.findElements(By.cssSelector(".opblock")).isEmpty());
            browser.screenshot("rbac-07-swagger-ui");
        }
    }
}
