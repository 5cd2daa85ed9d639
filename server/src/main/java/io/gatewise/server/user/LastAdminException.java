package io.gatewise.server.user;

import io.gatewise.server.system.api.ConflictProblem;

/** The change would leave no enabled ADMIN, and nobody could manage users any more. */
public class LastAdminException extends RuntimeException implements ConflictProblem {
    LastAdminException(String username) {
        super(username + " is the last enabled ADMIN; make another user ADMIN first.");
    }
}
