package io.gatewise.server.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Real headless Chromium (Debian's chromium + chromium-driver) for UI tests. Both binaries
 * are given explicitly so Selenium Manager never tries to download anything; the profile
 * and screenshots stay under target/.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** Selenium has no CDP bindings for every new Chromium; the warning is noise for our tests. */
    private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");

    static {
        CDP_LOG.setLevel(java.util.logging.Level.SEVERE);
    }

    /** Generous: CI runs these tests next to JVMs, PostgreSQL and strongSwan on two cores. */
    private static final Duration PAGE_WAIT = Duration.ofSeconds(30);

    final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Why browser tests cannot run here, or null when they can. */
    static String unavailableReason() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            return "browser test skipped: " + CHROMIUM + " or " + CHROMEDRIVER
                    + " missing (apt-get install chromium chromium-driver, or run .ci/install-deps.sh)";
        }
        return null;
    }

    /** Skips the calling test, with the printed reason, when Chromium is not installed. */
    static void assumeAvailable() {
        String reason = unavailableReason();
        if (reason != null) {
            System.out.println(reason);
        }
        Assumptions.assumeTrue(reason == null, reason);
    }

    static Browser open() throws IOException {
        Path profile = Path.of("target", "chrome-profile-" + UUID.randomUUID());
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=1280,900",
                "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new Browser(driver);
    }

    /**
     * Clicks an element that loads a new page (a link, a form's submit) and waits until the
     * old page is gone and the new one has loaded: Selenium's click may return before the
     * browser has even started the navigation, so reading the page at once races.
     */
    void clickAndWaitForNewPage(By element) {
        WebElement oldPage = driver.findElement(By.tagName("html"));
        driver.findElement(element).click();
        Awaitility.await("a new page after clicking " + element).atMost(PAGE_WAIT).until(() -> isStale(oldPage));
        Awaitility.await("the new page to load").atMost(PAGE_WAIT).until(() ->
                "complete".equals(driver.executeScript("return document.readyState")));
    }

    /** Signs in through the login form and checks it landed on the gateway list. */
    void login(String base, String username, String password) {
        driver.get(base + "/login");
        driver.findElement(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        clickAndWaitForNewPage(By.id("login-submit"));
        assertThat(driver.getCurrentUrl()).as("URL after signing in as %s", username).endsWith("/gateways");
    }

    private static boolean isStale(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException gone) {
            return true;
        }
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves a screenshot as target/screenshots/{name}.png and returns its path. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path target = SCREENSHOTS.resolve(name + ".png");
        Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
