package io.gatewise.server.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import io.gatewise.server.system.Role;
import io.gatewise.server.testsupport.GatewiseIntegrationTest;
import io.gatewise.server.testsupport.Users;
import io.gatewise.server.topology.compiler.TopologySpec;
import io.gatewise.server.user.ApiTokenService;
import io.gatewise.server.user.UserService;

/**
 * Runs the README's curl script (between the mesh-script markers) against this server
 * over real HTTP with an operator's personal API token: three gateways, a Modern policy
 * pair and a full mesh must exist afterwards, with a clean pre-flight.
 */
@GatewiseIntegrationTest
class TopologyScriptTest {
    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    ApiTokenService tokens;
    @Autowired
    TopologyViewService views;

    @Test
    void theReadmeScriptBuildsAMeshOfThreeGateways() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl missing: README script test skipped");
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        int start = readme.indexOf("<!-- mesh-script:start -->");
        int end = readme.indexOf("<!-- mesh-script:end -->");
        assertThat(start).as("README mesh-script markers").isPositive();
        String block = readme.substring(start, end);
        String script = block.substring(block.indexOf("```bash") + 7, block.lastIndexOf("```"));
        Path file = Path.of("target", "readme-mesh.sh");
        Files.writeString(file, script);

        String operator = Users.create(users, "script-op", Role.OPERATOR);
        String token = Users.token(tokens, operator, Role.OPERATOR, Role.OPERATOR, null);
        String prefix = "s" + UUID.randomUUID().toString().substring(0, 6);
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true);
        pb.environment().put("GATEWISE_URL", "http://localhost:" + port);
        pb.environment().put("GATEWISE_TOKEN", token);
        pb.environment().put("PREFIX", prefix);
        Process process = pb.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("script finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println("README script output:\n" + output);
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("\"tunnels\":3").contains("\"ok\":true").doesNotContain(token);

        TopologySpec mesh = io.gatewise.server.testsupport.AsAdmin.call(() -> views.topology(prefix + "-mesh"));
        assertThat(mesh.kind()).isEqualTo(TopologySpec.Kind.FULL_MESH);
        assertThat(mesh.memberTags()).containsExactly(prefix);
        assertThat(io.gatewise.server.testsupport.AsAdmin.call(() -> views.overview(prefix + "-mesh")).members())
                .containsExactly(prefix + "-branch-1", prefix + "-branch-2", prefix + "-hq");
    }
}
