package io.gatewise.server.enrollment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param tokenTtl how long an enrollment token stays usable after it was created */
@ConfigurationProperties("gatewise.enrollment")
public record EnrollmentProperties(@DefaultValue("24h") Duration tokenTtl) {
}
