package dev.weir.engine;

/** A statement failed in the engine (the gateway's SqlExecutionException has the same role and text). */
final class SqlExecutionException extends RuntimeException {
    SqlExecutionException(String message) {
        super(message);
    }

    SqlExecutionException(String message, Throwable cause) {
        super(message, cause);
    }
}
