package io.gatewise.server.pki;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param agentCertificateValidity  lifetime of the certificate an agent gets at enrollment
 * @param serverCertificateValidity lifetime of the gRPC server certificate (re-issued at every start)
 * @param caValidity                lifetime of the CA created on first start
 */
@ConfigurationProperties("gatewise.pki")
public record PkiProperties(
        @DefaultValue("730d") Duration agentCertificateValidity,
        @DefaultValue("397d") Duration serverCertificateValidity,
        @DefaultValue("3650d") Duration caValidity) {
}
