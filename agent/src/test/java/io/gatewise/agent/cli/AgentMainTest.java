package io.gatewise.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewise.agent.control.EnrollOptions;
import io.gatewise.agent.control.Enrollment;
import io.gatewise.agent.control.Pem;
import io.gatewise.agent.control.ServerAddress;
import io.gatewise.agent.control.testserver.FakeControlPlane;
import io.gatewise.agent.control.testserver.TestControlServer;
import io.gatewise.agent.control.testserver.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentMainTest {
    @TempDir
    Path tmp;

    /** Exit code plus what went to stdout and stderr. */
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AgentMain.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheCommands() {
        Result r = run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: gatewise-agent <command> [options]")
                .contains("enroll", "run", "check-config", "status", "--version");
        assertThat(run().code()).isEqualTo(AgentMain.USAGE);
        assertThat(run("help", "run").out()).isEqualTo(Usage.RUN);
    }

    @Test
    void eachCommandHasHelp() {
        Result enroll = run("enroll", "--help");
        assertThat(enroll.code()).isZero();
        assertThat(enroll.out()).contains("--server HOST:PORT", "--token TOKEN", "--state-dir DIR",
                "/var/lib/gatewise-agent", "--ca-file PEM", "trusted on first use", "SHA-256");
        Result runHelp = run("run", "--help");
        assertThat(runHelp.out()).contains("--config FILE", "exponential backoff", "--server HOST:PORT");
        assertThat(run("check-config", "--help").out()).contains("check-config FILE");
        assertThat(run("--version").out()).startsWith("gatewise-agent ");
    }

    @Test
    void commandLineMistakesExitWithTwoAndSayWhy() {
        Result unknown = run("frobnicate");
        assertThat(unknown.code()).isEqualTo(AgentMain.USAGE);
        assertThat(unknown.err()).contains("unknown command 'frobnicate'");

        assertThat(run("enroll", "--server", "h:1").err()).contains("give exactly one of --token and --token-file");
        assertThat(run("enroll", "--server", "h:1", "--token-file", tmp.resolve("none").toString()).err())
                .contains("cannot read the token file: no such file");
        Result missing = run("enroll", "--token", "t");
        assertThat(missing.code()).isEqualTo(AgentMain.USAGE);
        assertThat(missing.err()).contains("gatewise-agent enroll: missing --server")
                .contains("see gatewise-agent enroll --help");

        assertThat(run("enroll", "--server", "h:x", "--token", "t").err()).contains("server port 'x' is not a number");
        assertThat(run("run", "--bogus").err()).contains("unknown option --bogus");
        assertThat(run("run", "--config").err()).contains("option --config needs a value");
        assertThat(run("run", "--config", "a.json", "--server", "h:1").err())
                .contains("--config (standalone) cannot be combined with --server");
    }

    @Test
    void enrollWithABadTokenFailsWithExitOneAndWritesNothing() throws Exception {
        TestPki ca = new TestPki("CA");
        try (TestControlServer server = new TestControlServer(new FakeControlPlane(ca), ca, ca).start()) {
            Path caFile = tmp.resolve("ca.pem");
            Files.writeString(caFile, Pem.encode(ca.caCertificate()));
            Path state = tmp.resolve("state");
            Result r = run("enroll", "--server", "localhost:" + server.port(), "--token", "nope",
                    "--state-dir", state.toString(), "--ca-file", caFile.toString());
            assertThat(r.code()).isEqualTo(AgentMain.FAILED);
            assertThat(r.err()).isEqualTo("gatewise-agent enroll: the server refused the enrollment token:"
                    + " the token is unknown, expired or already used" + System.lineSeparator());
            assertThat(state).doesNotExist();
        }
    }

    @Test
    void enrollThenStatus() throws Exception {
        TestPki ca = new TestPki("CA");
        FakeControlPlane service = new FakeControlPlane(ca);
        service.addToken("good", "gw-42");
        try (TestControlServer server = new TestControlServer(service, ca, ca).start()) {
            Path state = tmp.resolve("state");
            Path tokenFile = tmp.resolve("token");
            Files.writeString(tokenFile, "good\n");
            Result r = run("enroll", "--server", "localhost:" + server.port(), "--token-file", tokenFile.toString(),
                    "--state-dir", state.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("Enrolled as gateway gw-42")
                    .contains(Pem.sha256Fingerprint(server.serverCertificate()) + " (trusted on first use; verify it)")
                    .contains("gatewise-agent run --state-dir " + state);
            Result status = run("status", "--state-dir", state.toString());
            assertThat(status.code()).isZero();
            assertThat(status.out()).contains("gateway id:   gw-42", "server:       localhost:" + server.port(),
                    "CN=gw-42", "saved config: none");
        }
        assertThat(run("status", "--state-dir", tmp.resolve("nowhere").toString()).err())
                .contains("this agent is not enrolled");
    }

    @Test
    void checkConfigValidatesTheExamples() throws Exception {
        Result ok = run("check-config", "examples/psk-main.json");
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("examples/psk-main.json: valid, 1 tunnel",
                "tunnel psk-main: peer 192.0.2.1, PSK, 1 child SA(s), RESPOND");
        assertThat(ok.out() + ok.err()).doesNotContain("interop-test-psk");

        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, Files.readString(Path.of("examples/psk-main.json"))
                .replace("\"192.0.2.1\",", "\"\",").replace("10.2.0.0/24", "10.2.0.0/33"));
        Result r = run("check-config", bad.toString());
        assertThat(r.code()).isEqualTo(AgentMain.FAILED);
        assertThat(r.err()).contains("not valid:", "  tunnel psk-main: remote address is empty",
                "  tunnel psk-main, child net: local selector '10.2.0.0/33' is not a valid IPv4 prefix");
    }

    /**
     * Two tunnels that route the same prefix into different devices: check-config says so,
     * as apply would, without resolving the second peer's DNS name (it works offline).
     */
    @Test
    void checkConfigReportsRouteConflictsWithoutResolvingPeers() throws Exception {
        String example = Files.readString(Path.of("examples/psk-main.json"));
        int start = example.indexOf('{', example.indexOf("\"tunnels\""));
        int end = example.lastIndexOf(']');
        String tunnel = example.substring(start, example.lastIndexOf('}', end) + 1);
        String routeBased = tunnel.replace("\"psk-main\"", "\"psk-rb\"")
                .replace("\"192.0.2.1\",", "\"vpn.partner.invalid\",")
                .replace("\"VPN_TYPE_POLICY_BASED\"", "\"VPN_TYPE_ROUTE_BASED\", \"routes\": [\"10.1.0.0/24\"]");
        assertThat(routeBased).contains("psk-rb", "vpn.partner.invalid", "VPN_TYPE_ROUTE_BASED");
        Path both = tmp.resolve("both.json");
        Files.writeString(both, example.substring(0, start) + tunnel + ",\n" + routeBased + example.substring(
                example.lastIndexOf('}', end) + 1));

        Result r = run("check-config", both.toString());
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(AgentMain.FAILED);
        assertThat(r.err()).contains("not valid:", "  tunnels psk-main and psk-rb both route 10.1.0.0/24 (into the"
                + " shared TUN device and " + io.gatewise.agent.gateway.RouteInterface.forTunnel("psk-rb").name() + ")");
        assertThat(r.err()).doesNotContain("resolve");
    }

    @Test
    void standaloneRunRejectsAnInvalidFileWithExitOne() throws Exception {
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"tunnels\": [{\"name\": \"x\"}]}");
        Result r = run("run", "--config", bad.toString());
        assertThat(r.code()).isEqualTo(AgentMain.FAILED);
        assertThat(r.err()).contains("rejected:",
                "  tunnel x: authentication method is not set (PSK, RSA_SIGNATURE or ECDSA_SIGNATURE)",
                "  tunnel x: remote address is empty", "  tunnel x: no IKE proposals");
    }

    @Test
    void enrollOptionsNeverPrintTheToken() {
        EnrollOptions o = EnrollOptions.of(new ServerAddress("h", 1), "secret-token", tmp);
        assertThat(o.toString()).doesNotContain("secret-token");
        assertThat(Enrollment.class).isNotNull();
    }
}
