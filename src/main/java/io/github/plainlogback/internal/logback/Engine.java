package io.github.plainlogback.internal.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxy;
import io.github.plainlogback.internal.admission.Decision;
import io.github.plainlogback.internal.admission.ReportAdmission;
import io.github.plainlogback.internal.delivery.DeliveryCounters;
import io.github.plainlogback.internal.delivery.DeliveryWorker;
import io.github.plainlogback.internal.inflight.EscapedExceptions;
import io.github.plainlogback.internal.plain.PlainClient;
import io.github.plainlogback.internal.report.Breadcrumb;
import io.github.plainlogback.internal.report.EmailAddresses;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.NormalizedEmails;
import io.github.plainlogback.internal.status.ThrottledStatus;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One started appender's logging path and everything behind it, built by {@link EngineFactory} from
 * one {@link AppenderConfig} and replaced as a whole on restart, so {@code append} always sees one
 * consistent set.
 *
 * <p>On the logging thread it only reads: a line below ERROR is remembered as a breadcrumb (or
 * ignored); an ERROR without a valid customer email is counted and skipped; otherwise the error is
 * fingerprinted, admitted (dedupe, rate limits, queue room) and, when new, copied into an immutable
 * report for the delivery worker. Nothing here blocks, does I/O or throws to the caller.
 */
public final class Engine {
  private static final String OWN_PACKAGE = "io.github.plainlogback";
  private static final String OKHTTP_PACKAGE = "okhttp3";

  private final AppenderConfig config;
  private final LogbackEventCapture capture;
  private final @Nullable BreadcrumbTrail trail; // null when breadcrumbs are off
  private final ReportAdmission admission;
  private final DeliveryWorker worker;
  private final @Nullable PlainClient client; // null when nothing is sent over HTTP (dry run)
  private final ThrottledStatus status;
  private final DeliveryCounters counters;
  private final Supplier<@Nullable Map<String, String>> currentMdc;
  private final String emailKey;
  private final NormalizedEmails emails = new NormalizedEmails();

  Engine(
      AppenderConfig config,
      LogbackEventCapture capture,
      @Nullable BreadcrumbTrail trail,
      ReportAdmission admission,
      DeliveryWorker worker,
      @Nullable PlainClient client,
      ThrottledStatus status,
      DeliveryCounters counters,
      Supplier<@Nullable Map<String, String>> currentMdc) {
    this.config = config;
    this.capture = capture;
    this.trail = trail;
    this.admission = admission;
    this.worker = worker;
    this.client = client;
    this.status = status;
    this.counters = counters;
    this.currentMdc = currentMdc;
    // Interned: the key an application puts with MDC.put is nearly always a literal, so the MDC
    // lookup of every ERROR and of a request's first line matches it by identity, not char by char.
    this.emailKey = config.customerEmailMdcKey().intern();
  }

  public AppenderConfig config() {
    return config;
  }

  /** Starts the delivery worker. */
  public void start() {
    worker.start();
  }

  /**
   * Delivers what is queued for at most the configured shutdown timeout, then lets go of every
   * thread, breadcrumb and connection.
   *
   * @return how many reports were left unsent
   */
  public int stop() {
    int left = worker.stop(config.shutdownTimeout());
    if (trail != null) {
      trail.forgetAll();
    }
    if (client != null) {
      client.close();
    }
    return left;
  }

  // ---------------------------------------------------------------- the logging path

  public void append(ILoggingEvent event) {
    int level = event.getLevel().levelInt;
    if (level >= Level.ERROR_INT) {
      appendError(event);
    } else if (level >= Level.INFO_INT && trail != null) {
      // Kept apart from the error path so this, the path every INFO line takes, stays small
      // enough for the JIT to inline whole.
      try {
        trail.remember(event, emailKey);
      } catch (RuntimeException ex) {
        status.warn("capture-failed", "Could not record a breadcrumb: " + ex);
      }
    }
  }

  private void appendError(ILoggingEvent event) {
    try {
      Map<String, String> mdc = event.getMDCPropertyMap();
      String raw = mdc == null ? null : mdc.get(emailKey);
      if (isOwnEvent(event)) {
        return;
      }
      if (raw == null || raw.isBlank()) {
        counters.skippedNoEmail.increment();
        return;
      }
      if (event.getThrowableProxy() instanceof ThrowableProxy proxy
          && EscapedExceptions.shared().wasReported(proxy.getThrowable())) {
        return; // reported when it escaped its request; this is the container's line of it
      }
      captureError(event, raw, null);
      if (trail != null) {
        // An error is a breadcrumb for the errors after it: its line only, never its Throwable
        // graph (which may pin request objects and class loaders).
        trail.recordLine(event, raw);
      }
    } catch (RuntimeException ex) {
      // Never let a bad event reach the caller; say what happened once in a while.
      status.warn("capture-failed", "Could not capture an ERROR event: " + ex);
    }
  }

  /**
   * An exception that escaped a request, for the customer in its MDC (or this thread's), as if it
   * had been logged at ERROR on this thread (it never is).
   *
   * @return whether it was this customer's report (new, repeat or refused by a limit)
   */
  public boolean reportEscaped(EscapedExceptions.Escape escape) {
    try {
      Map<String, String> mdc = escape.context() != null ? escape.context() : currentMdc.get();
      String raw = mdc == null ? null : mdc.get(emailKey);
      if (raw == null || raw.isBlank()) {
        return false;
      }
      String request = UnhandledEvent.request(escape.method(), escape.path());
      ILoggingEvent event = UnhandledEvent.of(escape.thrown(), request, mdc);
      boolean taken = captureError(event, raw, request);
      if (taken && trail != null) {
        trail.recordLine(event, raw);
      }
      return taken;
    } catch (RuntimeException ex) {
      status.warn("capture-failed", "Could not capture an unhandled exception: " + ex);
      return false;
    }
  }

  /**
   * @param request the request an unhandled exception escaped, or null for a logged error
   * @return whether the event is this customer's report (new, repeat or refused by a limit)
   */
  private boolean captureError(ILoggingEvent event, String raw, @Nullable String request) {
    String email = emails.normalize(raw);
    if (email == null) {
      counters.skippedInvalidEmail.increment();
      status.warn(
          "invalid-email",
          () ->
              "Skipped an ERROR event from logger ["
                  + event.getLoggerName()
                  + "]: MDC ["
                  + emailKey
                  + "] holds "
                  + EmailAddresses.mask(raw)
                  + ", which is not a valid email address.");
      return false;
    }
    long fingerprint = capture.fingerprint(event);
    Decision decision =
        admission.admit(
            fingerprint, email, event.getTimeStamp(), event::getFormattedMessage, worker.hasRoom());
    if (decision != Decision.DUPLICATE) {
      counters.capturedFirsts.increment(); // a repeat is captured by being deduplicated
    }
    switch (decision) {
      case DUPLICATE -> counters.deduplicated.increment();
      case RATE_LIMITED_GLOBAL, RATE_LIMITED_CUSTOMER -> {
        counters.rateLimited.increment();
        status.warn(
            decision.name(),
            () ->
                decision == Decision.RATE_LIMITED_GLOBAL
                    ? "Not creating a Plain thread: <maxThreadsPerMinute> "
                        + config.maxThreadsPerMinute()
                        + " reached."
                    : "Not creating a Plain thread for "
                        + EmailAddresses.mask(email)
                        + ": <maxThreadsPerCustomerPerHour> "
                        + config.maxThreadsPerCustomerPerHour()
                        + " reached.");
      }
      case QUEUE_FULL -> dropQueueFull();
      case ADMIT -> {
        List<Breadcrumb> crumbs = trail == null ? List.of() : trail.lines(event, raw);
        ErrorReport report = capture.snapshot(event, fingerprint, email, crumbs, request);
        if (!worker.offer(report)) { // filled up, stopped or stopping since the check above
          admission.release(fingerprint, email);
          dropQueueFull();
        }
      }
    }
    return true;
  }

  private void dropQueueFull() {
    if (worker.isClosed()) {
      counters.droppedShutdown.increment(); // logged while stop() ran
      return;
    }
    counters.droppedQueueFull.increment();
    Throwable dead = worker.deathCause();
    if (dead != null) {
      status.warn(
          "worker-stopped",
          () ->
              "Dropped an error report: the delivery worker stopped after an internal error ("
                  + dead
                  + "); restart the appender (reload the Logback configuration).");
      return;
    }
    status.warn(
        "queue-full",
        () ->
            "Dropped an error report: the queue of <queueSize> "
                + config.queueSize()
                + " is full (Plain slow or unreachable?).");
  }

  private boolean isOwnEvent(ILoggingEvent event) {
    String logger = event.getLoggerName();
    return Thread.currentThread() == worker.thread()
        || logger != null && (logger.startsWith(OWN_PACKAGE) || logger.startsWith(OKHTTP_PACKAGE));
  }

  // ---------------------------------------------------------------- what the counters read

  public int queueDepth() {
    return worker.queueDepth();
  }

  public int inFlight() {
    return worker.inFlight();
  }

  public long spoolBytes() {
    return worker.spoolBytes();
  }

  /** Sweeps of quiet threads' breadcrumb trails so far (0 with breadcrumbs off). */
  public long breadcrumbSweeps() {
    return trail == null ? 0 : trail.sweeps();
  }
}
