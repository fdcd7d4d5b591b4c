package io.github.plainlogback;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.CoreConstants;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.plainlogback.internal.delivery.DeliveryClock;
import io.github.plainlogback.internal.delivery.DeliveryCounters;
import io.github.plainlogback.internal.delivery.RetryPolicy;
import io.github.plainlogback.internal.inflight.EscapedExceptions;
import io.github.plainlogback.internal.logback.AppenderConfig;
import io.github.plainlogback.internal.logback.Engine;
import io.github.plainlogback.internal.logback.EngineFactory;
import io.github.plainlogback.internal.logback.JmxRegistration;
import io.github.plainlogback.internal.status.StatusSink;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns ERROR events that carry a signed-in customer's email (in the SLF4J MDC) into "Bug Report"
 * threads in Plain.
 *
 * <p><b>On the logging thread</b> the appender only reads: an event below ERROR returns at once
 * (or, with breadcrumbs on, is remembered in a fixed per-thread ring); an ERROR without a valid
 * email under {@code customerEmailMdcKey} is counted and skipped. Otherwise the error is
 * fingerprinted (exception classes and frames, see docs/grouping.md), and a repeat of the same
 * fingerprint for the same customer inside {@code dedupeWindow} is only counted, to be told to
 * Plain later as one "Happened again" event. A new one must pass two token buckets, {@code
 * maxThreadsPerMinute} for all customers and {@code maxThreadsPerCustomerPerHour} for each; what
 * they refuse is counted, not queued. What passes is copied into an immutable report and offered to
 * a bounded queue of {@code queueSize}; a full queue drops the report and counts it. Nothing on
 * this path blocks, does I/O or throws.
 *
 * <p><b>On one daemon worker</b> (thread {@code plain-appender-<name>}) each report is redacted and
 * delivered: the customer is upserted by email, Plain is asked whether the error already has a
 * thread (then it gets an event, or a successor thread if the old one is done), and otherwise
 * {@code createThread} opens one. What may succeed later (I/O, timeouts, 429, 5xx, INTERNAL) is
 * retried up to {@code maxRetries} times with exponential backoff and full jitter, honouring
 * Plain's Retry-After; a refused key stops all sending for {@code authFailureBackoff}. Failures are
 * reported through Logback's status manager, throttled, with Plain's message and request id and
 * never the API key or a full email address.
 *
 * <p><b>On {@code stop()}</b> the appender stops accepting, delivers what is queued (and the
 * aggregated repeats) for at most {@code shutdownTimeout}, cancels what is still in flight, closes
 * its HTTP client and reports how many reports were left. Logback's {@code <shutdownHook/>} element
 * makes that happen when the JVM exits. {@code start()} after {@code stop()} works, as Logback's
 * reconfiguration requires.
 */
public class PlainThreadAppender extends PlainAppenderSettings {
  /** How often one kind of status warning may repeat (visible for tests). */
  static final java.time.Duration STATUS_INTERVAL = EngineFactory.STATUS_INTERVAL;

  private Ticker ticker = Ticker.systemTicker();
  private DeliveryClock clock = DeliveryClock.of(ticker);
  private java.time.Duration retryBase = RetryPolicy.DEFAULT_BASE;
  private java.time.Duration retryCap = RetryPolicy.DEFAULT_CAP;
  private final DeliveryCounters counters = new DeliveryCounters(); // outlive a restart

  private volatile @Nullable Engine engine;

  private final EscapedExceptions.Sink escapes = this::reportEscaped;

  private @Nullable JmxRegistration mbean;

  // ---------------------------------------------------------------- lifecycle

  @Override
  public void start() {
    if (isStarted()) {
      return;
    }
    AppenderConfig config;
    Engine e;
    try {
      Checked checked = check();
      AppenderConfig valid = checked.config(); // null exactly when there are errors
      List<String> errors = checked.errors();
      if (valid != null) { // only a valid configuration touches the disk
        String spoolProblem = EngineFactory.prepareSpool(valid);
        errors = spoolProblem == null ? List.of() : List.of(spoolProblem);
      }
      if (valid == null || !errors.isEmpty()) {
        errors.forEach(this::addError);
        addError(
            "Appender ["
                + name
                + "] did not start: "
                + errors.size()
                + " configuration error(s) above.");
        return;
      }
      config = valid;
      e =
          EngineFactory.build(
              config,
              hostName(),
              new EngineFactory.Runtime(
                  ticker,
                  clock,
                  retryBase,
                  retryCap,
                  counters,
                  statusSink(),
                  getContext() instanceof LoggerContext lc ? lc : null));
    } catch (RuntimeException | LinkageError ex) {
      // e.g. a NoClassDefFoundError or NoSuchMethodError from a kotlin-stdlib or OkHttp that
      // another dependency downgraded: say what, and stay stopped instead of failing Joran.
      addError(
          "Appender ["
              + name
              + "] did not start: could not build its engine (HTTP client, JSON, caches): "
              + ex
              + ". Check that okhttp-jvm, okio, kotlin-stdlib, jackson-databind and caffeine are at"
              + " the versions the appender declares, or use the self-contained -all jar.",
          ex);
      return;
    }
    engine = e;
    mbean =
        JmxRegistration.register(
            getContext() == null ? null : getContext().getName(),
            name,
            new CountersOverJmx(this::getCounters),
            this::addWarn);
    super.start(); // marked started before the worker runs, as AsyncAppenderBase does
    e.start();
    EscapedExceptions.shared().addSink(escapes);
    addInfo(
        "Appender ["
            + name
            + "] sends Bug Report threads to "
            + config.destination()
            + " for ERROR events with MDC key ["
            + config.customerEmailMdcKey()
            + "].");
  }

  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop(); // no new events from here on
    EscapedExceptions.shared().removeSink(escapes);
    Engine e = engine;
    engine = null;
    if (e == null) {
      return;
    }
    int left = e.stop();
    if (mbean != null) {
      mbean.unregister(this::addWarn);
      mbean = null;
    }
    if (left > 0) {
      addWarn(
          left
              + " error report(s) not sent to Plain: stop() ran out of <shutdownTimeout> "
              + e.config().shutdownTimeout().toMillis()
              + " ms.");
    }
  }

  // ---------------------------------------------------------------- the logging path

  @Override
  protected void append(ILoggingEvent event) {
    Engine e = engine;
    if (e != null) {
      e.append(event);
    }
  }

  /** Where the integrations hand exceptions that escaped a request (see UnhandledExceptions). */
  private boolean reportEscaped(EscapedExceptions.Escape escape) {
    Engine e = engine;
    return e != null && e.reportEscaped(escape);
  }

  // ---------------------------------------------------------------- counters and test seams

  /**
   * What happened so far: captured, skipped, deduplicated, rate-limited, dropped, delivered,
   * failed, pending.
   */
  public PlainAppenderCounters getCounters() {
    Engine e = engine;
    return e == null
        ? snapshot(counters, 0, 0, 0)
        : snapshot(counters, e.queueDepth(), e.inFlight(), e.spoolBytes());
  }

  /**
   * Visible for testing: the time source of dedupe, rate limits, auth cool-down, pauses and
   * throttling, with real waiting. Set before start().
   */
  void setTicker(Ticker ticker) {
    this.ticker = ticker;
    this.clock = DeliveryClock.of(ticker);
  }

  /**
   * Visible for testing: {@code ticker} as {@link #setTicker}, and {@code clock} (reading the same
   * time) for the worker's waits, so a test's pauses pass without real waiting. Set before start().
   */
  void setClock(Ticker ticker, DeliveryClock clock) {
    this.ticker = ticker;
    this.clock = clock;
  }

  /** Test seam: sweeps of quiet threads' breadcrumb trails so far (0 when stopped or off). */
  long breadcrumbSweeps() {
    Engine e = engine;
    return e == null ? 0 : e.breadcrumbSweeps();
  }

  /**
   * Visible for testing: the backoff base and cap (defaults 500 ms and 30 s). Set before start().
   */
  void setRetryBackoff(java.time.Duration base, java.time.Duration cap) {
    this.retryBase = base;
    this.retryCap = cap;
  }

  /** A copy for reading, in the public type (internal code never sees the API). */
  private static PlainAppenderCounters snapshot(
      DeliveryCounters c, int queueDepth, int inFlight, long spoolBytes) {
    long last = c.lastDeliveredEpochMillis;
    return new PlainAppenderCounters(
        c.captured(),
        c.skippedNoEmail.sum(),
        c.skippedInvalidEmail.sum(),
        c.deduplicated.sum(),
        c.rateLimited.sum(),
        c.droppedQueueFull.sum(),
        c.droppedAuth.sum(),
        c.droppedShutdown.sum(),
        c.delivered.sum(),
        c.failed.sum(),
        c.retried.sum(),
        c.threadEvents.sum(),
        c.spooled.sum(),
        c.replayed.sum(),
        c.spoolDropped.sum(),
        spoolBytes,
        queueDepth,
        inFlight,
        last == 0 ? null : java.time.Instant.ofEpochMilli(last),
        c.authCooldown);
  }

  private StatusSink statusSink() {
    return new StatusSink() {
      @Override
      public void info(String message) {
        addInfo(message);
      }

      @Override
      public void warn(String message) {
        addWarn(message);
      }

      @Override
      public void error(String message) {
        addError(message);
      }
    };
  }

  private String hostName() {
    String host = System.getenv("HOSTNAME");
    if (isBlank(host) && getContext() != null) {
      host = getContext().getProperty(CoreConstants.HOSTNAME_KEY);
    }
    return isBlank(host) ? "unknown" : host;
  }
}
