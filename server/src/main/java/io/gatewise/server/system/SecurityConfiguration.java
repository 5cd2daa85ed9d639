package io.gatewise.server.system;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import io.gatewise.server.system.api.ApiPaths;
import io.gatewise.server.system.api.ApiTokenAuthenticator;
import io.gatewise.server.system.api.BearerTokenFilter;
import io.gatewise.server.system.api.Problems;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two filter chains.
 *
 * <p><b>{@code /api/v1/**}</b> (order 1): stateless, no session, no CSRF (no cookie is
 * ever accepted, so there is nothing to forge), authenticated by personal API tokens
 * ({@code Authorization: Bearer gw_…}); every refusal is an RFC 9457 problem.
 *
 * <p><b>Everything else</b>: the web UI with form login against the user table, BCrypt,
 * sessions, CSRF on every state-changing request (the UI's own JSON endpoints under
 * {@code /api} included; scripts send the page's token as {@code X-CSRF-TOKEN}).
 *
 * <p>Both apply the same URL rules (see {@link Access}): reads for every role, writes for
 * ADMIN and OPERATOR, users for ADMIN, the change log for ADMIN and AUDITOR, one's own
 * account for anyone logged in; features add rules with {@link AccessRule} beans, which
 * come first. Service methods repeat the rule with {@code @PreAuthorize}, so a forgotten
 * URL rule still refuses. The agents never come here: they speak gRPC with mutual TLS.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class SecurityConfiguration {
    /** The first user's role. */
    public static final String ADMIN_ROLE = Role.ADMIN.name();

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(12);
    }

    @Bean
    @Order(1)
    SecurityFilterChain apiSecurity(HttpSecurity http, ApiTokenAuthenticator tokens, JsonMapper json,
                                    ObjectProvider<AccessRule> extraRules) throws Exception {
        String p = ApiPaths.PREFIX;
        http.securityMatcher(ApiPaths.PATTERN)
                .authorizeHttpRequests(auth -> {
                    extra(auth, extraRules.orderedStream().toList());
                    auth.requestMatchers(p + "/users", p + "/users/**").hasRole(Role.ADMIN.name())
                            .requestMatchers(p + "/changes", p + "/changes/**").hasAnyRole(audit())
                            .requestMatchers(p + "/me", p + "/me/**").authenticated();
                    defaults(auth);
                })
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new BearerTokenFilter(tokens, json), AuthorizationFilter.class)
                .exceptionHandling(ex -> ex
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
                            Problems.write(json, response, HttpStatus.UNAUTHORIZED,
                                    "Send a personal API token: 'Authorization: Bearer gw_…' (create one under Account).",
                                    request, null);
                        })
                        .accessDeniedHandler((request, response, e) -> Problems.write(json, response,
                                HttpStatus.FORBIDDEN, "The token's role may not do this.", request, null)));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain uiSecurity(HttpSecurity http, ObjectProvider<AccessRule> extraRules) throws Exception {
        http.authorizeHttpRequests(auth -> {
                    auth.requestMatchers("/login", "/css/**", "/js/**", "/favicon.svg", "/error",
                            "/actuator/health", "/actuator/health/**").permitAll();
                    extra(auth, extraRules.orderedStream().toList());
                    auth.requestMatchers("/users", "/users/**").hasRole(Role.ADMIN.name())
                            .requestMatchers("/changes", "/changes/**").hasAnyRole(audit())
                            .requestMatchers("/account", "/account/**").authenticated();
                    defaults(auth);
                })
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/gateways", true).permitAll())
                .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
                // Scripts ask /api/**: answer 401 there instead of redirecting to the login page.
                .exceptionHandling(ex -> ex.defaultAuthenticationEntryPointFor(
                        new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED),
                        PathPatternRequestMatcher.withDefaults().matcher("/api/**")))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; object-src 'none'; "
                                        + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    private static void extra(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth,
                              List<AccessRule> rules) {
        for (AccessRule rule : rules) {
            auth.requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(rule.method(), rule.pattern()))
                    .hasAnyRole(rule.roleNames());
        }
    }

    /** Reads for every role; any other method (POST, PUT, PATCH, DELETE) for ADMIN and OPERATOR. */
    private static void defaults(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry auth) {
        auth.requestMatchers(HttpMethod.GET, "/**").hasAnyRole(names(Role.values()))
                .requestMatchers(HttpMethod.HEAD, "/**").hasAnyRole(names(Role.values()))
                .anyRequest().hasAnyRole(names(Role.ADMIN, Role.OPERATOR));
    }

    private static String[] audit() {
        return names(Role.ADMIN, Role.AUDITOR);
    }

    private static String[] names(Role... roles) {
        String[] names = new String[roles.length];
        for (int i = 0; i < roles.length; i++) {
            names[i] = roles[i].name();
        }
        return names;
    }
}
