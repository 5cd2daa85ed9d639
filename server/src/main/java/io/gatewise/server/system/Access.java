package io.gatewise.server.system;

/**
 * The access rules as Spring Security expressions, one name per kind of action, for
 * {@code @PreAuthorize} on service methods and {@code sec:authorize} in templates
 * (templates spell the same expression out). The URL rules of
 * {@link SecurityConfiguration} apply the same split by HTTP method:
 *
 * <pre>
 *   GET, HEAD                      READ     ADMIN, OPERATOR, AUDITOR
 *   POST, PUT, PATCH, DELETE       MANAGE   ADMIN, OPERATOR        (the default for writes)
 *   /users/**, /api/v1/users/**    ADMIN    ADMIN
 *   /changes/**, /api/v1/changes/** AUDIT   ADMIN, AUDITOR
 *   /account/**, /api/v1/me/**     SELF     any logged-in user (own password, own API tokens)
 * </pre>
 *
 * A feature that needs another rule for a path declares an {@link AccessRule} bean.
 */
public final class Access {
    /** Reading anything but the logs. */
    public static final String READ = "hasAnyRole('ADMIN','OPERATOR','AUDITOR')";
    /** Changing gateways, tunnels, topologies, policies. */
    public static final String MANAGE = "hasAnyRole('ADMIN','OPERATOR')";
    /** Users and anything else only an admin does. */
    public static final String ADMIN = "hasRole('ADMIN')";
    /** Reading the change log and the audit logs. */
    public static final String AUDIT = "hasAnyRole('ADMIN','AUDITOR')";

    private Access() {
    }
}
