package io.gatewise.server.system.api;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

/**
 * The OpenAPI document of {@code /api/v1} (springdoc; {@code /v3/api-docs}, browsable at
 * {@code /swagger-ui.html} by any logged-in user). Every operation needs a bearer token.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {
    @Bean
    OpenAPI gatewiseOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Gatewise API").version("v1").description(
                        "Centralised IPsec VPN orchestration. Authenticate with a personal API token created "
                                + "under Account: 'Authorization: Bearer gw_…'. Errors are RFC 9457 problem details "
                                + "(application/problem+json)."))
                .components(new Components().addSecuritySchemes("token", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").description("Personal API token (gw_…)")))
                .addSecurityItem(new SecurityRequirement().addList("token"));
    }
}
