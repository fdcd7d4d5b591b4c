package io.github.plainlogback;

import io.github.plainlogback.internal.inflight.EscapedExceptions;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reports an exception that escaped a request, for the customer the request belongs to, while the
 * request's MDC still names them: the one call an integration makes where an exception leaves the
 * application unhandled (a servlet filter's {@code catch}, an exception resolver, a reactive error
 * signal). The container logs such an exception only after every filter has returned, when the
 * customer has left the MDC, so without this call the errors customers feel most would never become
 * threads.
 *
 * <p>Each exception is reported once, by identity: a second call for it (an outer filter), or for
 * its wrapper, and the container's own log line of it or of its root cause, make no second thread.
 * The application's log is untouched: nothing is logged. Without a running {@link
 * PlainThreadAppender}, or without a customer, nothing happens. Never throws.
 *
 * <p>Ready-made callers: the Spring Boot starter (servlet and WebFlux), the servlet filter {@link
 * io.github.plainlogback.servlet.CustomerMdcFilter} and the Java agent.
 */
public final class UnhandledExceptions {
  private static final int MAX_PATH_CHARS = 1_000;
  private static final int MAX_UNWRAP = 8;

  private UnhandledExceptions() {}

  /**
   * Reports {@code thrown} for the customer in the current thread's MDC.
   *
   * @param method the request's method (GET, POST, ...), or null
   * @param path the request's path, without its query string (which may hold secrets), or null
   * @return whether it became a report (false: no customer, no appender, or reported before)
   */
  public static boolean report(
      @Nullable Throwable thrown, @Nullable String method, @Nullable String path) {
    return report(thrown, method, path, null);
  }

  /**
   * Reports {@code thrown} for the customer in {@code context} (MDC keys and values, as the
   * appender's {@code customerEmailMdcKey} expects them), for callers that are not on the request's
   * thread (a reactive chain).
   */
  public static boolean report(
      @Nullable Throwable thrown,
      @Nullable String method,
      @Nullable String path,
      @Nullable Map<String, String> context) {
    try {
      if (thrown == null) {
        return false;
      }
      return EscapedExceptions.shared()
          .escaped(
              new EscapedExceptions.Escape(
                  unwrap(thrown), cap(method, 20), cap(stripQuery(path), MAX_PATH_CHARS), context));
    } catch (RuntimeException | LinkageError e) {
      return false; // the request is failing already; never make it worse
    }
  }

  /**
   * What the application threw: a servlet container's or framework's wrapper ({@code
   * ServletException}, Spring's "Request processing failed") carries it as its cause.
   */
  static Throwable unwrap(Throwable t) {
    Throwable c = t;
    for (int i = 0;
        i < MAX_UNWRAP && c.getCause() != null && c.getCause() != c && isWrapper(c);
        i++) {
      c = c.getCause();
    }
    return c;
  }

  private static boolean isWrapper(Throwable t) {
    for (Class<?> k = t.getClass(); k != null && k != Throwable.class; k = k.getSuperclass()) {
      String name = k.getName();
      if (name.equals("jakarta.servlet.ServletException")
          || name.equals("javax.servlet.ServletException")) {
        return true;
      }
    }
    return false;
  }

  private static @Nullable String stripQuery(@Nullable String path) {
    if (path == null) {
      return null;
    }
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  private static @Nullable String cap(@Nullable String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max) + "…";
  }
}
