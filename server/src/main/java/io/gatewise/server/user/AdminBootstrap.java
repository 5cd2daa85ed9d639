package io.gatewise.server.user;

import java.security.SecureRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import io.gatewise.server.system.GatewiseProperties;
import io.gatewise.server.system.SecurityConfiguration;
import io.gatewise.server.system.Secret;

/**
 * First start: with no user in the database, creates {@code admin} with the password from
 * {@code GATEWISE_ADMIN_PASSWORD} or a random one, and prints it once, with the UI's URL,
 * in a banner that stands out in the log. Every start prints the URL.
 */
@Component
class AdminBootstrap implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    static final String ADMIN = "admin";
    private static final char[] ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private final UserService users;
    private final Environment env;
    private final GatewiseProperties properties;
    private final ApplicationContext context;
    private final SecureRandom random;

    AdminBootstrap(UserService users, Environment env, GatewiseProperties properties, ApplicationContext context,
                   SecureRandom random) {
        this.users = users;
        this.env = env;
        this.properties = properties;
        this.context = context;
        this.random = random;
    }

    @Override
    public void run(ApplicationArguments args) {
        String url = uiUrl();
        if (users.anyUserExists()) {
            log.info("Gatewise UI: {}", url);
            return;
        }
        String configured = env.getProperty("gatewise.admin-password");
        boolean generated = configured == null || configured.isBlank();
        Secret password = Secret.of(generated ? randomPassword() : configured);
        users.create(ADMIN, password, SecurityConfiguration.ADMIN_ROLE);
        String line = "=".repeat(72);
        // The one place a password is logged, by design: the operator has no other way to
        // learn the generated one. It is not stored anywhere but as a BCrypt hash.
        log.warn("\n{}\n  Gatewise is ready: {}\n  First login:  user '{}'  password '{}'\n  {}\n{}",
                line, url, ADMIN, generated ? password.reveal() : "(from GATEWISE_ADMIN_PASSWORD)",
                generated ? "This password is shown only once. Change it under Account after logging in."
                        : "The admin password was taken from GATEWISE_ADMIN_PASSWORD.",
                line);
    }

    private String randomPassword() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }

    private String uiUrl() {
        if (properties.publicUrl() != null && !properties.publicUrl().isBlank()) {
            return properties.publicUrl();
        }
        if (context instanceof WebServerApplicationContext web && web.getWebServer() != null) {
            return "http://localhost:" + web.getWebServer().getPort() + "/";
        }
        return "http://localhost:" + env.getProperty("server.port", "8080") + "/";
    }
}
