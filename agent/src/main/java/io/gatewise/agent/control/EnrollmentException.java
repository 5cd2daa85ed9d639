package io.gatewise.agent.control;

/** Enrollment failed; the message says why in plain words. Nothing was written. */
public class EnrollmentException extends Exception {
    public EnrollmentException(String message) {
        super(message);
    }
}
