package io.gatewise.server.system.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.validation.BindException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every exception raised while serving {@code /api/v1/**} into an RFC 9457 problem,
 * whichever controller raised it, so feature controllers need no exception handlers of
 * their own: they throw exceptions marked {@link FieldErrorsProblem} (400),
 * {@link NotFoundProblem} (404) or {@link ConflictProblem} (409); Spring MVC's own
 * exceptions (unreadable body, bean validation, unknown path, wrong method) keep their
 * status. Security exceptions are left to the filter chain, whose entry point and
 * access-denied handler write the 401/403 problems. Outside {@code /api/v1} it does
 * nothing and the UI's error page stays.
 */
@Component
class ApiProblemResolver implements HandlerExceptionResolver, Ordered {
    private static final Logger log = LoggerFactory.getLogger(ApiProblemResolver.class);

    private final JsonMapper json;

    ApiProblemResolver(JsonMapper json) {
        this.json = json;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
                                         Exception ex) {
        if (!ApiPaths.isApi(request) || ex instanceof AccessDeniedException || ex instanceof AuthenticationException) {
            return null;
        }
        try {
            write(request, response, ex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ModelAndView(); // handled, nothing to render
    }

    private void write(HttpServletRequest request, HttpServletResponse response, Exception ex) throws IOException {
        if (ex instanceof FieldErrorsProblem invalid) {
            Problems.write(json, response, HttpStatus.BAD_REQUEST, "The request has invalid fields.", request,
                    Problems.fieldErrors(invalid.fieldErrors()));
        } else if (ex instanceof NotFoundProblem) {
            Problems.write(json, response, HttpStatus.NOT_FOUND, ex.getMessage(), request, null);
        } else if (ex instanceof ConflictProblem) {
            Problems.write(json, response, HttpStatus.CONFLICT, ex.getMessage(), request, null);
        } else if (ex instanceof BindException bind) { // includes MethodArgumentNotValidException
            List<Problems.FieldError> errors = new ArrayList<>();
            bind.getFieldErrors().forEach(f -> errors.add(new Problems.FieldError(f.getField(), f.getDefaultMessage())));
            bind.getGlobalErrors().forEach(g -> errors.add(new Problems.FieldError(g.getObjectName(), g.getDefaultMessage())));
            Problems.write(json, response, HttpStatus.BAD_REQUEST, "The request has invalid fields.", request, errors);
        } else if (ex instanceof HandlerMethodValidationException validation) {
            List<Problems.FieldError> errors = new ArrayList<>();
            validation.getParameterValidationResults().forEach(r -> r.getResolvableErrors().forEach(e -> errors.add(
                    new Problems.FieldError(r.getMethodParameter().getParameterName(), e.getDefaultMessage()))));
            Problems.write(json, response, HttpStatus.BAD_REQUEST, "The request has invalid fields.", request, errors);
        } else if (ex instanceof HttpMessageNotReadableException) {
            Problems.write(json, response, HttpStatus.BAD_REQUEST,
                    "The request body is not JSON of the expected shape (or a required member is missing).", request,
                    null);
        } else if (ex instanceof ErrorResponse spring) {
            HttpStatus status = HttpStatus.resolve(spring.getStatusCode().value());
            Problems.write(json, response, status == null ? HttpStatus.BAD_REQUEST : status,
                    spring.getBody().getDetail(), request, null);
        } else if (ex instanceof DataIntegrityViolationException) {
            Problems.write(json, response, HttpStatus.CONFLICT,
                    "The change clashes with the stored data (a duplicate or a dangling reference).", request, null);
        } else {
            log.error("Unexpected error serving {} {}", request.getMethod(), request.getRequestURI(), ex);
            Problems.write(json, response, HttpStatus.INTERNAL_SERVER_ERROR,
                    "Unexpected server error; the server log has the details.", request, null);
        }
    }
}
