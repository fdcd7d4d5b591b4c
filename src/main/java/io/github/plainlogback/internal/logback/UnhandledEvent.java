package io.github.plainlogback.internal.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An exception that escaped a request, as the ERROR event the appender's capture reads. It is never
 * logged: the application's log stays as it was, and only the appender sees it.
 */
public final class UnhandledEvent {
  /** The logger name the thread shows: where the report came from. */
  public static final String LOGGER_NAME = "io.github.plainlogback.UnhandledExceptions";

  private UnhandledEvent() {}

  /** "GET /orders/42", or a stand-in when the caller knew neither. */
  public static String request(@Nullable String method, @Nullable String path) {
    if (path == null) {
      return method == null ? "a request" : method;
    }
    return method == null ? path : method + " " + path;
  }

  public static ILoggingEvent of(Throwable thrown, String request, Map<String, String> mdc) {
    LoggingEvent event = new LoggingEvent();
    event.setLevel(Level.ERROR);
    event.setLoggerName(LOGGER_NAME);
    event.setThreadName(Thread.currentThread().getName());
    event.setTimeStamp(System.currentTimeMillis());
    event.setMessage("Unhandled exception in " + request);
    event.setThrowableProxy(new ThrowableProxy(thrown));
    event.setMDCPropertyMap(mdc == null ? Map.of() : mdc);
    return event;
  }
}
