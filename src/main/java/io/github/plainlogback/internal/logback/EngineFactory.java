package io.github.plainlogback.internal.logback;

import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.plainlogback.internal.admission.ReportAdmission;
import io.github.plainlogback.internal.compose.Redactor;
import io.github.plainlogback.internal.compose.ThreadComposer;
import io.github.plainlogback.internal.compose.ThreadContext;
import io.github.plainlogback.internal.compose.ThreadSettings;
import io.github.plainlogback.internal.compose.TraceLinks;
import io.github.plainlogback.internal.delivery.BugReach;
import io.github.plainlogback.internal.delivery.DeliveryClock;
import io.github.plainlogback.internal.delivery.DeliveryCounters;
import io.github.plainlogback.internal.delivery.DeliveryWorker;
import io.github.plainlogback.internal.delivery.DryRunDelivery;
import io.github.plainlogback.internal.delivery.PlainThreadDelivery;
import io.github.plainlogback.internal.delivery.ReportDelivery;
import io.github.plainlogback.internal.delivery.RetryPolicy;
import io.github.plainlogback.internal.delivery.Spool;
import io.github.plainlogback.internal.grouping.AppPackages;
import io.github.plainlogback.internal.plain.PlainClient;
import io.github.plainlogback.internal.plain.PlainRequests;
import io.github.plainlogback.internal.report.ServiceIdentity;
import io.github.plainlogback.internal.spool.DiskSpool;
import io.github.plainlogback.internal.spool.SpoolFormat;
import io.github.plainlogback.internal.status.StatusSink;
import io.github.plainlogback.internal.status.ThrottledStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Wires the pipeline from validated settings: capture, admission, composition, delivery and the
 * Plain client. The one place that knows how the stages fit together.
 */
public final class EngineFactory {
  /**
   * How often one kind of status warning may repeat; in between, occurrences are counted into the
   * next one.
   */
  public static final Duration STATUS_INTERVAL = Duration.ofMinutes(1);

  /** The placeholder key sent to the local inbox instead of the real one. */
  private static final String INBOX_KEY = "plainApiKey_inbox";

  private EngineFactory() {}

  /**
   * What the appender keeps for the factory besides its settings: clock, backoff, counters (which
   * outlive a restart), where status goes, and the appender's LoggerContext (null if it has none),
   * whose MDC adapter is the logging thread's MDC: read for an exception that escaped a request
   * without one, and by a virtual thread's breadcrumbs.
   */
  public record Runtime(
      Ticker ticker,
      DeliveryClock clock,
      Duration retryBase,
      Duration retryCap,
      DeliveryCounters counters,
      StatusSink sink,
      @Nullable LoggerContext loggerContext) {

    /** A copy of the calling thread's MDC, or null when it is empty. */
    @Nullable Map<String, String> currentMdc() {
      LoggerContext lc = loggerContext;
      return lc != null ? lc.getMDCAdapter().getCopyOfContextMap() : MDC.getCopyOfContextMap();
    }
  }

  /**
   * Creates the spool directory if needed and checks it is usable and private: the one setting
   * whose check touches the file system, so it runs when the engine is about to be built, not while
   * the settings are checked.
   *
   * @return the start error naming the element, or null
   */
  public static @Nullable String prepareSpool(AppenderConfig config) {
    if (config.spoolDirectory() == null) {
      return null;
    }
    String problem = DiskSpool.prepare(config.spoolDirectory());
    return problem == null
        ? null
        : "<spoolDirectory> ["
            + config.spoolDirectory()
            + "] of appender ["
            + config.name()
            + "] "
            + problem;
  }

  /** Builds the engine from {@code c} alone (checked, and its spool directory prepared). */
  public static Engine build(AppenderConfig c, String hostName, Runtime rt) {
    ThrottledStatus status = new ThrottledStatus(rt.sink(), rt.ticker(), STATUS_INTERVAL);
    ObjectMapper json = new ObjectMapper();
    PlainRequests requests = new PlainRequests(json);
    AppPackages app = new AppPackages(c.appPackages());
    Redactor redactor = new Redactor(c.redactDefaults(), c.redactions()); // the spool's too
    ServiceIdentity identity = ServiceDetection.identity(c.configuredIdentity());
    ThreadComposer composer =
        new ThreadComposer(
            new ThreadSettings(
                c.title(), c.labelTypeIds(), c.threadFields(), c.priority(), hostName, app),
            redactor,
            threadContext(c, identity));
    String instanceId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24);
    PlainClient client = null;
    ReportDelivery delivery;
    // The real key goes only to <apiUrl>, and only when neither dryRun nor an inbox is set. The
    // inbox (test-support's LocalPlain, docs/local-inbox.md) is its own switch and gets a
    // placeholder key: a dryRun pointed at a loopback egress proxy cannot become live delivery.
    if (c.inbox() == null && c.dryRun()) {
      delivery = new DryRunDelivery(requests, composer, status, json);
    } else {
      boolean inbox = c.inbox() != null;
      client =
          new PlainClient(
              inbox ? Objects.requireNonNull(c.inbox()) : c.apiUrl(),
              inbox ? INBOX_KEY : Objects.requireNonNull(c.apiKey(), "checked: dryRun or a key"),
              c.connectTimeout(),
              c.requestTimeout(),
              json,
              version());
      delivery =
          new PlainThreadDelivery(
              client,
              requests,
              composer,
              status,
              instanceId,
              bugReach(c, client, requests, composer, status, rt));
    }
    PlainClient clientToCancel = client;
    BreadcrumbTrail trail =
        c.breadcrumbs() > 0
            ? new BreadcrumbTrail(c.breadcrumbs(), c.requestIdMdcKey(), rt.loggerContext())
            : null;
    ReportAdmission admission =
        new ReportAdmission(
            c.dedupeWindow(),
            c.dedupeMaxEntries(),
            c.maxThreadsPerMinute(),
            c.maxThreadsPerCustomerPerHour(),
            rt.ticker());
    Spool spool =
        c.spoolDirectory() == null
            ? Spool.NONE
            : Spool.onDisk(
                new DiskSpool(
                    c.spoolDirectory(),
                    c.spoolMaxBytes(),
                    new SpoolFormat(json, identity),
                    status,
                    rt.counters().spoolDropped::increment),
                redactor::redact);
    DeliveryWorker worker =
        new DeliveryWorker(
            "plain-appender-" + c.name(),
            c.queueSize(),
            new DeliveryWorker.Policy(
                new RetryPolicy(c.maxRetries(), rt.retryBase(), rt.retryCap()),
                c.authFailureBackoff(),
                c.recurrenceInterval(),
                instanceId),
            new DeliveryWorker.Parts(
                delivery,
                admission,
                rt.counters(),
                status,
                rt.clock(),
                clientToCancel == null ? () -> {} : clientToCancel::cancelAll,
                spool,
                trail == null
                    ? DeliveryWorker.Chore.NONE
                    : new DeliveryWorker.Chore(BreadcrumbTrail.IDLE_LIMIT, trail::sweep)));
    return new Engine(
        c,
        new LogbackEventCapture(
            c.customerEmailMdcKey(), c.customerNameMdcKey(), c.fingerprintMdcKey(), app),
        trail,
        admission,
        worker,
        client,
        status,
        rt.counters(),
        rt::currentMdc);
  }

  /** Identity, trace and logs links, and the thread fields that carry them (issue 19). */
  private static ThreadContext threadContext(AppenderConfig c, ServiceIdentity identity) {
    TraceLinks links =
        new TraceLinks(
            c.traceUrlTemplate(),
            c.logsUrlTemplate(),
            c.traceIdMdcKeys(),
            c.spanIdMdcKeys(),
            c.requestIdMdcKey(),
            c.linkTimeWindow());
    return new ThreadContext(
        identity,
        links,
        c.fingerprintThreadField(),
        c.serviceThreadField(),
        c.versionThreadField(),
        c.environmentThreadField());
  }

  private static BugReach bugReach(
      AppenderConfig c,
      PlainClient client,
      PlainRequests requests,
      ThreadComposer composer,
      ThrottledStatus status,
      Runtime rt) {
    return new BugReach(
        client, requests, composer, status, c.fingerprintThreadField(), rt.ticker());
  }

  private static String version() {
    String v = EngineFactory.class.getPackage().getImplementationVersion(); // the jar's manifest
    return v == null ? "dev" : v;
  }
}
