package io.gatewise.server.testsupport;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.UUID;

import io.gatewise.proto.v1.EnrollResponse;
import io.gatewise.server.gateway.CreatedGateway;
import io.gatewise.server.gateway.GatewayService;
import io.gatewise.server.pki.Pem;
import io.grpc.ManagedChannel;

/** Creating and enrolling gateways in tests. */
public final class Gateways {
    private Gateways() {
    }

    /** A gateway with a unique name and its one-time token. */
    public static CreatedGateway create(GatewayService gateways, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        return AsAdmin.call(() -> gateways.create(name, "198.51.100.20", "test"));
    }

    /** What an enrolled test agent holds: its id, key and certificate. */
    public record EnrolledAgent(UUID gatewayId, KeyPair keys, X509Certificate certificate) {
    }

    /** Creates a gateway and enrolls an EC P-256 test agent for it over the given (certificate-less) channel. */
    public static EnrolledAgent enrolled(GatewayService gateways, ManagedChannel channel, String prefix) {
        CreatedGateway created = create(gateways, prefix);
        KeyPair keys = TestPki.ecP256();
        EnrollResponse response = TestAgent.enroll(channel, created.token().token().reveal(),
                TestPki.csrPem(keys, "CN=gatewise-agent"));
        return new EnrolledAgent(UUID.fromString(response.getGatewayId()), keys,
                Pem.parseCertificate(response.getCertificatePem()));
    }
}
