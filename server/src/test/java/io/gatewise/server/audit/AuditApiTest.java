package io.gatewise.server.audit;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

import io.gatewise.server.system.Role;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;
import io.gatewise.server.testsupport.Users;
import io.gatewise.server.user.ApiTokenService;
import io.gatewise.server.user.UserService;

/** {@code /api/v1/audit}: filters, JSON and CSV export, verify for auditors only. */
@GatewiseIntegrationTest
class AuditApiTest {
    @Autowired
    WebApplicationContext context;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    AuditIngestor ingestor;

    @Test
    void anAuditorFiltersExportsAndVerifiesAnOperatorMayNotVerify() throws Exception {
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(SecurityMockMvcConfigurers.springSecurity())
                .build();
        String auditor = Users.create(users, "aud", Role.AUDITOR);
        String auditorToken = "Bearer " + Users.token(tokens, auditor, Role.AUDITOR, Role.AUDITOR, null);
        String operator = Users.create(users, "op", Role.OPERATOR);
        String operatorToken = "Bearer " + Users.token(tokens, operator, Role.OPERATOR, Role.OPERATOR, null);

        UUID gateway = UUID.randomUUID();
        List<Long> acks = new CopyOnWriteArrayList<>();
        ingestor.submit(gateway, AuditIngestionTest.events(gateway, 1, 6), acks::add);
        await().atMost(Duration.ofSeconds(10)).until(() -> acks.size() == 1);

        mvc.perform(get("/api/v1/audit").param("gateway", gateway.toString()).param("outcome", "failed")
                        .header("Authorization", auditorToken))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(3))
                .andExpect(jsonPath("$[0].eventId").value(6))
                .andExpect(jsonPath("$[0].reason").value("peer offered MODP-1024"))
                .andExpect(jsonPath("$[0].detail").value(containsString("aes128-sha1-modp1024")));
        mvc.perform(get("/api/v1/audit").param("gateway", gateway.toString()).param("stage", "quick_mode")
                        .param("format", "csv").header("Authorization", auditorToken))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/csv"))
                .andExpect(content().string(containsString(AuditCsv.HEADER)))
                .andExpect(content().string(containsString(",5,CHILD_ESTABLISHED,established,quick_mode,branch-5,")));

        mvc.perform(post("/api/v1/audit/verify").header("Authorization", auditorToken))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.brokenLink").doesNotExist());
        mvc.perform(post("/api/v1/audit/verify").header("Authorization", operatorToken))
                .andExpect(status().isForbidden());
    }
}
