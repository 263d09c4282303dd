package dev.weir.engine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.apache.flink.runtime.rest.handler.RestHandlerException;
import org.apache.flink.shaded.netty4.io.netty.handler.codec.http.HttpResponseStatus;

/**
 * An HTTP error answered as the gateway's REST layer answers it: {"errors": [...]}. Handler errors carry
 * one string (the RestHandlerException's trace); unexpected ones carry "Internal server error." and the
 * server-side trace, whose last "Caused by:" line is the message a person needs.
 */
final class ApiError extends Exception {
    final int status;
    final List<String> errors;

    private ApiError(int status, List<String> errors, Throwable cause) {
        super(errors.get(errors.size() - 1), cause, false, false);
        this.status = status;
        this.errors = errors;
    }

    /** A handler-level failure (e.g. "Failed to getSessionConfig." caused by an unknown session). */
    static ApiError handler(int status, String message, Throwable cause) {
        RestHandlerException e = cause == null
                ? new RestHandlerException(message, HttpResponseStatus.valueOf(status))
                : new RestHandlerException(message, HttpResponseStatus.valueOf(status), cause);
        return new ApiError(status, List.of(trace(e)), e);
    }

    /** An exception that escaped the service: HTTP 500 "Internal server error." plus the trace. */
    static ApiError internal(Throwable t) {
        return new ApiError(500, List.of("Internal server error.",
                "<Exception on server side:\n" + trace(t) + "\nEnd of exception on server side>"), t);
    }

    static ApiError notFound(String path) {
        return new ApiError(404, List.of("Not found: " + path), null);
    }

    static ApiError badRequest(String message, Throwable cause) {
        return handler(400, message, cause);
    }

    static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
