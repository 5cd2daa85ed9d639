package io.gatewise.agent.ike.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.gatewise.agent.control.StandaloneConfig;
import io.gatewise.agent.gateway.GatewiseLikePki;
import io.gatewise.proto.v1.AuthMethod;
import io.gatewise.proto.v1.Authentication;
import io.gatewise.proto.v1.ChildSa;
import io.gatewise.proto.v1.GatewayConfig;
import io.gatewise.proto.v1.Identity;
import io.gatewise.proto.v1.IdentityType;
import io.gatewise.proto.v1.IkeMode;
import io.gatewise.proto.v1.IkeSettings;
import io.gatewise.proto.v1.IpsecSettings;
import io.gatewise.proto.v1.StartAction;
import io.gatewise.proto.v1.Tunnel;
import io.gatewise.proto.v1.VpnType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The settings the server compiles reach a real IKE exchange: a {@code gatewise.v1}
 * {@link GatewayConfig} built with the proto classes (what the server pushes), written as
 * the standalone JSON and run by the whole agent ({@code run --config}: ConfigMapper,
 * ConfigValidator, TunnelTranslator, LinuxGateway) in ns {@code right} against charon in
 * ns {@code left}, the agent initiating. {@code run-scenario.sh} must pass its ping test
 * (CHILD_SA counters growing both ways), and the agent's child SA must be charon's.
 *
 * <ul>
 *   <li>{@code cert-main}: RSA signatures with the harness's test CA, our certificate, key
 *       and CA named in the auth block (the standalone form of certificate auth), ID_FQDN
 *       as in the certificates' subjectAltName.</li>
 *   <li>{@code psk-aggr}: Aggressive Mode with a pre-shared key, FQDN identities; the
 *       agent must log its warning about the exposed PSK hash.</li>
 *   <li>{@code cert-dn} (made by the test): what the server compiles for certificate
 *       tunnels, against charon: certificates shaped like the Gatewise CA's, ID_DER_ASN1_DN
 *       identities {@code CN=<gateway id>}, ECDSA signatures.</li>
 * </ul>
 */
@Tag("interop")
class StrongSwanConfigPathInteropTest {
    @BeforeAll
    static void requirements() {
        Optional<String> why = InteropHarness.unavailable();
        why.ifPresent(r -> System.out.println("StrongSwanConfigPathInteropTest skipped: " + r));
        Assumptions.assumeTrue(why.isEmpty(), why.orElse(""));
    }

    private static Identity fqdn(String name) {
        return Identity.newBuilder().setType(IdentityType.IDENTITY_TYPE_FQDN).setValue(name).build();
    }

    private static final String LEFT_ID = "CN=11111111-0000-4000-8000-00000000000a";
    private static final String RIGHT_ID = "CN=22222222-0000-4000-8000-00000000000b";

    private static Identity dn(String name) {
        return Identity.newBuilder().setType(IdentityType.IDENTITY_TYPE_DER_ASN1_DN).setValue(name).build();
    }

    /**
     * The {@code cert-dn} scenario, made here: certificates shaped like the Gatewise CA's
     * (EC P-256, subject CN=&lt;gateway id&gt; as UTF8String, EKU clientAuth only, no
     * subjectAltName), ID_DER_ASN1_DN identities as the server compiles them, ECDSA
     * signatures. charon gets its own certificate in its staged swanctl folders.
     */
    static Path certDnScenario(Path gen) throws Exception {
        GatewiseLikePki pki = new GatewiseLikePki();
        GatewiseLikePki.Files3 left = pki.agent(LEFT_ID.substring(3), gen.resolve("pki-left"));
        pki.agent(RIGHT_ID.substring(3), gen.resolve("pki-right"));
        Path conf = gen.resolve("conf");
        for (String d : List.of("left/x509ca", "left/x509", "left/private", "right")) {
            Files.createDirectories(conf.resolve(d));
        }
        Files.copy(left.ca(), conf.resolve("left/x509ca/ca.crt"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(left.certificate(), conf.resolve("left/x509/left.crt"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(left.privateKey(), conf.resolve("left/private/left.key"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(conf.resolve("left/swanctl.conf"), """
                # IKEv1 Main Mode, ECDSA certificates shaped like the Gatewise CA's, DN identities (left)
                connections {
                    cert-dn {
                        version = 1
                        aggressive = no
                        local_addrs  = 192.0.2.1
                        remote_addrs = 192.0.2.2
                        proposals = aes128-sha256-ecp256
                        dpd_delay = 0
                        send_cert = always
                        send_certreq = yes
                        local {
                            auth = pubkey
                            certs = left.crt
                            id = "%s"
                        }
                        remote {
                            auth = pubkey
                            id = "%s"
                            cacerts = ca.crt
                        }
                        children {
                            net {
                                local_ts  = 10.1.0.0/24
                                remote_ts = 10.2.0.0/24
                                mode = tunnel
                                esp_proposals = aes128gcm16-ecp256
                                start_action = none
                            }
                        }
                    }
                }
                """.formatted(LEFT_ID, RIGHT_ID));
        Path env = gen.resolve("cert-dn.env");
        Files.writeString(env, "# IKEv1 Main Mode + ECDSA certificates like the Gatewise CA's, DN identities\n"
                + "TOPOLOGY=direct CONF=" + conf + " IKE=cert-dn CHILD=net\n");
        return env;
    }

    static GatewayConfig config(String scenario, Path gen) {
        if (scenario.equals("cert-dn")) {
            return GatewayConfig.newBuilder().setGatewayName("right").setLocalAddress("192.0.2.2")
                    .addTunnels(Tunnel.newBuilder().setName(scenario).setRemoteAddress("192.0.2.1")
                            .setLocalIdentity(dn(RIGHT_ID)).setRemoteIdentity(dn(LEFT_ID))
                            .setIke(IkeSettings.newBuilder().setMode(IkeMode.IKE_MODE_MAIN)
                                    .addProposals("aes128-sha256-ecp256").setLifetimeSeconds(15_840)
                                    .setNatTraversal(true))
                            .setIpsec(IpsecSettings.newBuilder().addProposals("aes128gcm16-ecp256")
                                    .setLifetimeSeconds(3_960))
                            .addChildren(ChildSa.newBuilder().setName("net").addLocalSelectors("10.2.0.0/24")
                                    .addRemoteSelectors("10.1.0.0/24"))
                            .setAuth(Authentication.newBuilder().setMethod(AuthMethod.AUTH_METHOD_ECDSA_SIGNATURE)
                                    .setCertificateFile("pki-right/agent.crt").setPrivateKeyFile("pki-right/agent.key")
                                    .setCaFile("pki-right/ca.crt"))
                            .setStartAction(StartAction.START_ACTION_START)
                            .setVpnType(VpnType.VPN_TYPE_POLICY_BASED))
                    .build();
        }
        Authentication auth = scenario.equals("cert-main")
                ? Authentication.newBuilder().setMethod(AuthMethod.AUTH_METHOD_RSA_SIGNATURE)
                        .setCertificateFile(InteropHarness.WORK.resolve("pki/right.crt").toString())
                        .setPrivateKeyFile(InteropHarness.WORK.resolve("pki/right.key").toString())
                        .setCaFile(InteropHarness.WORK.resolve("pki/ca.crt").toString()).build()
                : Authentication.newBuilder().setMethod(AuthMethod.AUTH_METHOD_PSK)
                        .setPreSharedKey("interop-test-psk-0123456789").build();
        return GatewayConfig.newBuilder().setGatewayName("right").setLocalAddress("192.0.2.2")
                .addTunnels(Tunnel.newBuilder().setName(scenario).setRemoteAddress("192.0.2.1")
                        .setLocalIdentity(fqdn("right.interop.test")).setRemoteIdentity(fqdn("left.interop.test"))
                        .setIke(IkeSettings.newBuilder()
                                .setMode(scenario.equals("psk-aggr") ? IkeMode.IKE_MODE_AGGRESSIVE
                                        : IkeMode.IKE_MODE_MAIN)
                                .addProposals("aes128-sha1-modp2048").setLifetimeSeconds(15_840)
                                .setNatTraversal(true))
                        .setIpsec(IpsecSettings.newBuilder().addProposals("aes128-sha1-modp2048")
                                .setLifetimeSeconds(3_960))
                        .addChildren(ChildSa.newBuilder().setName("net").addLocalSelectors("10.2.0.0/24")
                                .addRemoteSelectors("10.1.0.0/24"))
                        .setAuth(auth)
                        .setStartAction(StartAction.START_ACTION_START)
                        .setVpnType(VpnType.VPN_TYPE_POLICY_BASED))
                .build();
    }

    @SuppressWarnings("try") // the lock is held for the scope of the try, never referenced in it
    @ParameterizedTest(name = "{0}, the agent initiates")
    @ValueSource(strings = {"cert-main", "psk-aggr", "cert-dn"})
    void theAgentBringsUpTheTunnelFromAProtoConfig(String scenario) throws Exception {
        Path gen = InteropHarness.WORK.resolve("gen-config-path/" + scenario);
        Files.createDirectories(gen);
        Path config = gen.resolve("agent.json");
        String scenarioArg = scenario.equals("cert-dn") ? certDnScenario(gen).toString() : scenario;
        Files.writeString(config, StandaloneConfig.toJson(config(scenario, gen)), StandardCharsets.UTF_8);
        Path log = gen.resolve("agent.log");
        Path hook = gen.resolve("start-agent.sh");
        Files.writeString(hook, """
                #!/bin/bash
                # started by run-scenario.sh once charon runs in ns left (and the test PKI exists)
                ip netns exec right "$GW_JAVA" -cp "$GW_CP" io.gatewise.agent.cli.AgentMain run \\
                    --config "$GW_CONFIG" --tun gw0 < /dev/null > "$GW_LOG" 2>&1 &
                echo $! > "$INTEROP_WORK/state/gatewise-agent.pid"
                """, StandardCharsets.UTF_8);
        Map<String, String> env = InteropHarness.env();
        env.put("RIGHT_EXTERNAL", "1");
        env.put("RIGHT_HOOK", hook.toString());
        env.put("INITIATOR", "right");
        env.put("WAIT_SA", "40");
        env.put("RIGHT_WAIT", "60");
        env.put("GW_JAVA", ProcessHandle.current().info().command().orElse("java"));
        env.put("GW_CP", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        env.put("GW_CONFIG", config.toString());
        env.put("GW_LOG", log.toString());
        if (scenario.equals("cert-dn")) {
            env.put("PKI", "no"); // charon's credentials come in the scenario's own swanctl folders
        }

        try (InteropHarness.Lock lock = new InteropHarness.Lock()) {
            try {
                InteropHarness.Result r = InteropHarness.exec(List.of("bash",
                        InteropHarness.HARNESS.resolve("run-scenario.sh").toString(), scenarioArg), env, 240);
                String agentLog = InteropRun.read(log);
                assertThat(r.rc()).as("run-scenario.sh\n%s\n--- agent:\n%s", r.output(), agentLog).isZero();
                assertThat(r.output()).contains("PASS: ping 10.1.0.1 -> 10.2.0.1 through the tunnel");

                InteropHarness.CharonSa sa = InteropHarness.leftSa().orElseThrow();
                assertThat(sa.childState()).isEqualTo("INSTALLED");
                Matcher m = StrongSwanTrafficInteropTest.CHILD.matcher(agentLog);
                assertThat(m.find()).as("agent log\n%s", agentLog).isTrue();
                assertThat(m.group(1)).as("our inbound SPI is charon's outbound").isEqualTo(sa.spiOut());
                assertThat(m.group(2)).as("our outbound SPI is charon's inbound").isEqualTo(sa.spiIn());
                String charon = InteropRun.read(InteropHarness.WORK.resolve("state/left/charon.log"));
                if (scenario.equals("cert-dn")) {
                    assertThat(charon).as("charon checked our ECDSA signature against our DN identity")
                            .containsPattern("authentication of '" + RIGHT_ID + "' with ECDSA\\S* successful");
                    assertThat(agentLog).contains("authenticated by certificate " + LEFT_ID);
                } else if (scenario.equals("cert-main")) {
                    assertThat(charon).as("charon checked our RSA signature and certificate")
                            .containsPattern("authentication of 'right.interop.test' with RSA\\S* successful");
                } else {
                    assertThat(charon).containsPattern("parsed AGGRESSIVE (request|response)");
                    assertThat(agentLog).contains("tunnel psk-aggr: Aggressive Mode with a pre-shared key: identity"
                            + " sent in clear; PSK hash exposed to offline guessing");
                }
            } finally {
                InteropHarness.teardownQuietly();
            }
        }
    }
}
