package io.github.plainlogback.internal.plain;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a GraphQL call came back with. Calls never throw: every way Plain can fail is a {@link
 * Failure}.
 */
public sealed interface PlainResponse {

  /**
   * @param result {@code data.<field>} (may be a JSON null, e.g. a lookup that found nothing)
   */
  record Success(JsonNode result, @Nullable String requestId) implements PlainResponse {}

  /** The layer a failure came from. */
  enum Source {
    /** No HTTP answer: connection refused, timeout, reset, cancelled. */
    IO,
    /** An HTTP status other than 2xx. */
    HTTP,
    /**
     * HTTP 200 but a body that is not the JSON GraphQL promises (an HTML page from a proxy, an
     * empty body).
     */
    BODY,
    /** HTTP 200 with a top-level GraphQL {@code errors} array. */
    GRAPHQL,
    /** HTTP 200 with {@code data.<mutation>.error}, Plain's {@code MutationError}. */
    MUTATION
  }

  /**
   * @param retryable whether trying again later may succeed (I/O, 429, 5xx, INTERNAL); never for
   *     4xx, VALIDATION or FORBIDDEN
   * @param httpStatus the HTTP status, or 0 when there was no answer
   * @param code Plain's error code ({@code extensions.code} or {@code MutationError.code}), or
   *     {@code null}
   * @param type the {@code MutationError.type} (VALIDATION, FORBIDDEN, INTERNAL), or {@code null}
   * @param fieldErrors {@code MutationError.fields} as {@code field: message (type)}
   * @param retryAfter how long Plain asked us to wait ({@code Retry-After} or {@code
   *     x-ratelimit-reset}), or null
   * @param requestId Plain's {@code apigw-requestid}, for support tickets with Plain, or {@code
   *     null}
   */
  record Failure(
      Source source,
      boolean retryable,
      int httpStatus,
      @Nullable String code,
      @Nullable String type,
      @Nullable String message,
      List<String> fieldErrors,
      @Nullable Duration retryAfter,
      @Nullable String requestId)
      implements PlainResponse {

    public boolean isAuthFailure() {
      return httpStatus == 401
          || httpStatus == 403
          || "FORBIDDEN".equals(type)
          || "UNAUTHENTICATED".equals(code)
          || "FORBIDDEN".equals(code);
    }

    public boolean isRateLimited() {
      return httpStatus == 429 || "RATE_LIMITED".equals(code);
    }

    /** One line for a status message: what failed and why, never the key or the request body. */
    public String describe() {
      StringBuilder s = new StringBuilder();
      switch (source) {
        case IO -> s.append("no answer");
        case HTTP -> s.append("HTTP ").append(httpStatus);
        case BODY -> s.append("unreadable answer (HTTP ").append(httpStatus).append(')');
        case GRAPHQL -> s.append("GraphQL error");
        case MUTATION -> s.append("MutationError ").append(type);
      }
      if (code != null) {
        s.append(" [").append(code).append(']');
      }
      if (message != null && !message.isBlank()) {
        s.append(": ").append(message);
      }
      if (!fieldErrors.isEmpty()) {
        s.append(" ").append(fieldErrors);
      }
      if (requestId != null) {
        s.append(" (apigw-requestid ").append(requestId).append(')');
      }
      return s.toString();
    }
  }
}
