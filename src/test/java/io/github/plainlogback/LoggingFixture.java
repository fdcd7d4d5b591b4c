package io.github.plainlogback;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A fresh LoggerContext configured from an XML string, as a user's logback.xml would be. */
public final class LoggingFixture implements AutoCloseable {
  public final LoggerContext context = new LoggerContext();

  private LoggingFixture() {}

  /**
   * Configures from {@code xml}; {@code properties} become context properties (e.g. plainUrl) for
   * ${...}.
   */
  public static LoggingFixture configure(String xml, Map<String, String> properties) {
    return configure(xml, properties, new LogbackMDCAdapter()); // a bare context has none
  }

  /**
   * An appender sending to {@code plain} with a test key and {@code extraElements}, started (or the
   * test fails with Logback's statuses).
   */
  public static LoggingFixture startedAgainst(
      io.github.plainlogback.test.PlainStandIn plain, String extraElements) {
    return started(configure(againstXml(extraElements), Map.of("plainUrl", plain.url())));
  }

  /**
   * As {@link #startedAgainst}, with SLF4J's own MDC adapter (see {@link #configureSharingMdc}).
   */
  public static LoggingFixture startedAgainstSharingMdc(
      io.github.plainlogback.test.PlainStandIn plain, String extraElements) {
    return started(configureSharingMdc(againstXml(extraElements), Map.of("plainUrl", plain.url())));
  }

  private static String againstXml(String extraElements) {
    return config("<apiKey>plainApiKey_test</apiKey><apiUrl>${plainUrl}</apiUrl>" + extraElements);
  }

  private static LoggingFixture started(LoggingFixture f) {
    if (!f.appender().isStarted()) {
      String statuses = f.allStatuses();
      f.close();
      throw new AssertionError("the appender did not start:\n" + statuses);
    }
    return f;
  }

  /**
   * As {@link #configure(String, Map)}, with SLF4J's own MDC adapter, for code under test that
   * writes through the static {@code org.slf4j.MDC} as applications do.
   */
  public static LoggingFixture configureSharingMdc(String xml, Map<String, String> properties) {
    return configure(xml, properties, org.slf4j.MDC.getMDCAdapter());
  }

  /** As {@link #configure(String, Map)}, with {@code mdc} as the context's MDC adapter. */
  static LoggingFixture configure(
      String xml, Map<String, String> properties, org.slf4j.spi.MDCAdapter mdc) {
    LoggingFixture f = new LoggingFixture();
    f.context.setMDCAdapter(mdc);
    f.context.setName("test");
    properties.forEach(f.context::putProperty);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(f.context);
    try {
      configurator.doConfigure(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    } catch (JoranException e) {
      throw new IllegalStateException(e);
    }
    return f;
  }

  /** An appender XML inside a configuration whose root logger (level DEBUG) uses it. */
  public static String config(String appenderBody) {
    return "<configuration>\n"
        + "  <appender name=\"PLAIN\" class=\"io.github.plainlogback.PlainThreadAppender\">\n"
        + appenderBody
        + "\n  </appender>\n"
        + "  <root level=\"DEBUG\"><appender-ref ref=\"PLAIN\"/></root>\n"
        + "</configuration>";
  }

  public Logger logger(String name) {
    return context.getLogger(name);
  }

  public PlainThreadAppender appender() {
    return (PlainThreadAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("PLAIN");
  }

  /**
   * Restarts the appender with a fake clock and, when {@code backoffBase} is given, a short retry
   * backoff (cap 5x), as Caffeine's tests inject their ticker. Both are only read by {@code
   * start()}. The worker's waits (backoff, 429 pauses) move the fake clock instead of waiting.
   */
  public PlainThreadAppender restartWith(FakeTicker ticker, java.time.Duration backoffBase) {
    PlainThreadAppender appender = appender();
    appender.stop();
    appender.setClock(ticker, ticker);
    if (backoffBase != null) {
      appender.setRetryBackoff(backoffBase, backoffBase.multipliedBy(5));
    }
    appender.start();
    return appender;
  }

  public MdcScope mdc(String email) {
    return mdc(email, null);
  }

  /** Puts the customer into this context's MDC for the current thread; close() removes it again. */
  public MdcScope mdc(String email, String name) {
    if (email != null) {
      context.getMDCAdapter().put("customerEmail", email);
    }
    if (name != null) {
      context.getMDCAdapter().put("customerName", name);
    }
    return () -> {
      context.getMDCAdapter().remove("customerEmail");
      context.getMDCAdapter().remove("customerName");
    };
  }

  public interface MdcScope extends AutoCloseable {
    @Override
    void close();
  }

  public boolean hasStatus(int level, String regex) {
    return new StatusUtil(context).containsMatch(level, regex);
  }

  public List<String> statuses(int level) {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getLevel() == level)
        .map(Status::getMessage)
        .collect(Collectors.toList());
  }

  /**
   * Statuses our appender reported. Logback's own configurator also reports (at INFO) every ${...}
   * value it substitutes, the API key included; that is Logback's, not ours, and the README warns
   * about it.
   */
  public List<String> statusesFrom(Object origin) {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .filter(s -> s.getOrigin() == origin)
        .map(Status::getMessage)
        .collect(Collectors.toList());
  }

  public String allStatuses() {
    return context.getStatusManager().getCopyOfStatusList().stream()
        .map(s -> s.getLevel() + " " + s.getMessage())
        .collect(Collectors.joining("\n"));
  }

  @Override
  public void close() {
    context.stop();
  }
}
