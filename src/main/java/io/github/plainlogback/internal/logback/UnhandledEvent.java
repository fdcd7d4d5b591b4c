package io.github.plainlogback.internal.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.util.Map;

/**
 * An exception that escaped a request, as the ERROR event the appender's capture reads. It is never
 * logged: the application's log stays as it was, and only the appender sees it.
 */
public final class UnhandledEvent {
  /** The logger name the thread shows: where the report came from. */
  public static final String LOGGER_NAME = "io.github.plainlogback.UnhandledExceptions";

  private UnhandledEvent() {}

  /** "GET /orders/42", or a stand-in when the caller knew neither. */
  public static String request(String method, String path) {
    if (method == null && path == null) {
      return "a request";
    }
    return method == null ? path : path == null ? method : method + " " + path;
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
