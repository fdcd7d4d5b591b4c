package io.github.plainlogback.bench;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import io.github.plainlogback.PlainThreadAppender;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** LoggerContexts configured from XML, as a user's logback.xml would configure them. */
final class Contexts {
  private Contexts() {}

  private static final String SINK =
      "<appender name=\"SINK\" class=\"io.github.plainlogback.bench.SinkAppender\"/>";

  /**
   * The baseline, "appender not attached": the root logger (INFO) has only the application's other
   * appender.
   */
  static LoggerContext bare() {
    return configure(
        "<configuration>"
            + SINK
            + "<root level=\"INFO\"><appender-ref ref=\"SINK\"/></root></configuration>",
        Map.of());
  }

  /** The baseline plus {@link FloorAppender}: the least a breadcrumb trail can cost. */
  static LoggerContext floor() {
    return configure(
        "<configuration>"
            + SINK
            + "<appender name=\"FLOOR\" class=\"io.github.plainlogback.bench.FloorAppender\"/>"
            + "<root level=\"INFO\"><appender-ref ref=\"SINK\"/><appender-ref ref=\"FLOOR\"/></root>"
            + "</configuration>",
        Map.of());
  }

  /**
   * The baseline plus {@link PartAppender} doing one {@code part} of the floor ({@code mdc} or
   * {@code store}).
   */
  static LoggerContext part(String part) {
    return configure(
        "<configuration>"
            + SINK
            + "<appender name=\"PART\" class=\"io.github.plainlogback.bench.PartAppender\"><part>"
            + part
            + "</part></appender>"
            + "<root level=\"INFO\"><appender-ref ref=\"SINK\"/><appender-ref ref=\"PART\"/></root>"
            + "</configuration>",
        Map.of());
  }

  /**
   * A context with our appender on the root logger (INFO); {@code extra} adds elements to the
   * appender.
   */
  static LoggerContext plain(String apiUrl, String extra) {
    return configure(
        "<configuration><appender name=\"PLAIN\" class=\"io.github.plainlogback.PlainThreadAppender\">"
            + "<apiKey>plainApiKey_bench</apiKey><apiUrl>${url}</apiUrl>"
            + "<requestTimeout>1 hour</requestTimeout><shutdownTimeout>1 second</shutdownTimeout>"
            + extra
            + "</appender>"
            + SINK
            + "<root level=\"INFO\"><appender-ref ref=\"SINK\"/><appender-ref ref=\"PLAIN\"/></root>"
            + "</configuration>",
        Map.of("url", apiUrl));
  }

  /**
   * Sentry's appender on the same logger, its DSN on loopback (a stalled local port: nothing leaves
   * the machine).
   */
  static LoggerContext sentry(int port) {
    return configure(
        "<configuration><appender name=\"SENTRY\" class=\"io.sentry.logback.SentryAppender\">"
            + "<options><dsn>http://publickey@127.0.0.1:${port}/1</dsn><sendDefaultPii>false</sendDefaultPii>"
            + "<enableExternalConfiguration>false</enableExternalConfiguration></options>"
            + "<minimumEventLevel>ERROR</minimumEventLevel><minimumBreadcrumbLevel>INFO</minimumBreadcrumbLevel>"
            + "</appender>"
            + SINK
            + "<root level=\"INFO\"><appender-ref ref=\"SINK\"/><appender-ref ref=\"SENTRY\"/></root>"
            + "</configuration>",
        Map.of("port", String.valueOf(port)));
  }

  static LoggerContext configure(String xml, Map<String, String> properties) {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    properties.forEach(context::putProperty);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (JoranException e) {
      throw new IllegalStateException(e);
    }
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    if (root.getLevel() != Level.INFO) {
      throw new IllegalStateException(
          "misconfigured: " + context.getStatusManager().getCopyOfStatusList());
    }
    root.iteratorForAppenders()
        .forEachRemaining(
            a -> {
              if (!a.isStarted()) {
                throw new IllegalStateException(
                    "appender did not start: " + context.getStatusManager().getCopyOfStatusList());
              }
            });
    return context;
  }

  static PlainThreadAppender appender(LoggerContext context) {
    return (PlainThreadAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("PLAIN");
  }

  /** An exception with a stack of {@code depth} frames (plus the benchmark's own). */
  static IllegalStateException deepException(int depth) {
    return depth == 0
        ? new IllegalStateException("Payment provider declined")
        : deepException(depth - 1);
  }
}
