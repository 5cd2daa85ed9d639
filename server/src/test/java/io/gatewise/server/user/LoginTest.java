package io.gatewise.server.user;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import io.gatewise.server.system.Secret;
import io.gatewise.server.system.SecurityConfiguration;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;

/** Form login against the user table, and password changes. */
@GatewiseIntegrationTest
class LoginTest {
    @Autowired
    WebApplicationContext context;
    @Autowired
    UserService users;
    @Autowired
    JdbcTemplate jdbc;

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity()).build();
    }

    @Test
    void theFirstAdminLogsInWithTheConfiguredPasswordStoredAsBcrypt() throws Exception {
        mvc.perform(formLogin().user("admin").password(GatewiseIntegrationTest.ADMIN_PASSWORD)).andExpect(authenticated());
        mvc.perform(formLogin().user("admin").password("wrong")).andExpect(unauthenticated());
        String hash = jdbc.queryForObject("select password_hash from user_account where username = 'admin'", String.class);
        assertThat(hash).startsWith("$2a$12$").doesNotContain(GatewiseIntegrationTest.ADMIN_PASSWORD);
    }

    @Test
    void changingThePasswordNeedsTheOldOneAndALongNewOne() throws Exception {
        String name = "op-" + UUID.randomUUID().toString().substring(0, 8);
        users.create(name, Secret.of("first-password-1"), SecurityConfiguration.ADMIN_ROLE);

        assertThat(users.changePassword(name, Secret.of("not-the-password"), Secret.of("second-password-2"))).isFalse();
        assertThatThrownBy(() -> users.changePassword(name, Secret.of("first-password-1"), Secret.of("short")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(users.changePassword(name, Secret.of("first-password-1"), Secret.of("second-password-2"))).isTrue();

        mvc.perform(formLogin().user(name).password("first-password-1")).andExpect(unauthenticated());
        mvc.perform(formLogin().user(name).password("second-password-2")).andExpect(authenticated());
    }
}
