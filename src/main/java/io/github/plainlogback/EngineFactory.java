package io.github.plainlogback;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.plainlogback.internal.admission.ReportAdmission;
import io.github.plainlogback.internal.compose.Redactor;
import io.github.plainlogback.internal.compose.ThreadComposer;
import io.github.plainlogback.internal.compose.ThreadContext;
import io.github.plainlogback.internal.compose.ThreadSettings;
import io.github.plainlogback.internal.compose.TraceLinks;
import io.github.plainlogback.internal.delivery.BugReach;
import io.github.plainlogback.internal.delivery.DeliveryCounters;
import io.github.plainlogback.internal.delivery.DeliveryWorker;
import io.github.plainlogback.internal.delivery.DryRunDelivery;
import io.github.plainlogback.internal.delivery.PlainThreadDelivery;
import io.github.plainlogback.internal.delivery.ReportDelivery;
import io.github.plainlogback.internal.delivery.RetryPolicy;
import io.github.plainlogback.internal.delivery.Spool;
import io.github.plainlogback.internal.grouping.AppPackages;
import io.github.plainlogback.internal.logback.BreadcrumbTrail;
import io.github.plainlogback.internal.logback.LogbackEventCapture;
import io.github.plainlogback.internal.plain.PlainClient;
import io.github.plainlogback.internal.plain.PlainRequests;
import io.github.plainlogback.internal.report.ServiceIdentity;
import io.github.plainlogback.internal.spool.DiskSpool;
import io.github.plainlogback.internal.spool.SpoolFormat;
import io.github.plainlogback.internal.status.StatusSink;
import io.github.plainlogback.internal.status.ThrottledStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Wires the pipeline from validated settings: capture, admission, composition, delivery and the
 * Plain client. The one place that knows how the stages fit together.
 */
final class EngineFactory {
  /**
   * How often one kind of status warning may repeat; in between, occurrences are counted into the
   * next one.
   */
  static final Duration STATUS_INTERVAL = Duration.ofMinutes(1);

  /** The placeholder key sent to the local inbox instead of the real one. */
  private static final String INBOX_KEY = "plainApiKey_inbox";

  private EngineFactory() {}

  /** What the appender keeps for the factory besides its settings: clock, backoff and counters. */
  record Runtime(
      Ticker ticker,
      Duration retryBase,
      Duration retryCap,
      DeliveryCounters counters,
      StatusSink sink) {}

  static Engine build(
      PlainAppenderSettings s, PlainAppenderSettings.Checked checked, String hostName, Runtime rt) {
    ThrottledStatus status = new ThrottledStatus(rt.sink(), rt.ticker(), STATUS_INTERVAL);
    ObjectMapper json = new ObjectMapper();
    PlainRequests requests = new PlainRequests(json);
    AppPackages app = new AppPackages(s.appPackages);
    Redactor redactor = new Redactor(s.redactDefaults, checked.redactions()); // the spool's too
    ServiceIdentity identity = ServiceDetection.identity(s);
    ThreadComposer composer =
        new ThreadComposer(
            new ThreadSettings(
                s.title.strip(), s.labelTypeIds, checked.fields(), s.priority, hostName, app),
            redactor,
            threadContext(s, identity));
    String instanceId = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24);
    PlainClient client = null;
    ReportDelivery delivery;
    // The real key goes only to <apiUrl>, and only when neither dryRun nor an inbox is set. The
    // inbox (examples/demo's LocalPlain) is its own switch and gets a placeholder key: a dryRun
    // pointed at a loopback egress proxy cannot become live delivery.
    java.time.Duration connect = PlainAppenderSettings.toJava(s.connectTimeout);
    java.time.Duration request = PlainAppenderSettings.toJava(s.requestTimeout);
    if (checked.inbox() != null) {
      client = new PlainClient(checked.inbox(), INBOX_KEY, connect, request, json, version());
      delivery =
          new PlainThreadDelivery(
              client,
              requests,
              composer,
              status,
              instanceId,
              bugReach(s, client, requests, composer, status, rt));
    } else if (s.dryRun) {
      delivery = new DryRunDelivery(requests, composer, status, json);
    } else {
      client = new PlainClient(checked.url(), s.apiKey.strip(), connect, request, json, version());
      delivery =
          new PlainThreadDelivery(
              client,
              requests,
              composer,
              status,
              instanceId,
              bugReach(s, client, requests, composer, status, rt));
    }
    PlainClient clientToCancel = client;
    BreadcrumbTrail trail =
        s.breadcrumbs > 0
            ? new BreadcrumbTrail(
                s.breadcrumbs,
                PlainAppenderSettings.isBlank(s.requestIdMdcKey) ? null : s.requestIdMdcKey.strip())
            : null;
    ReportAdmission admission =
        new ReportAdmission(
            PlainAppenderSettings.toJava(s.dedupeWindow),
            s.dedupeMaxEntries,
            s.maxThreadsPerMinute,
            s.maxThreadsPerCustomerPerHour,
            rt.ticker());
    DeliveryWorker worker =
        new DeliveryWorker(
            "plain-appender-" + s.getName(),
            s.queueSize,
            delivery,
            rt.counters(),
            status,
            new DeliveryWorker.Policy(
                new RetryPolicy(s.maxRetries, rt.retryBase(), rt.retryCap()),
                PlainAppenderSettings.toJava(s.authFailureBackoff),
                PlainAppenderSettings.toJava(s.recurrenceInterval),
                instanceId),
            rt.ticker(),
            admission,
            () -> {
              if (clientToCancel != null) {
                clientToCancel.cancelAll();
              }
            },
            trail == null
                ? null
                : new DeliveryWorker.Chore(BreadcrumbTrail.IDLE_LIMIT, trail::sweep));
    if (!PlainAppenderSettings.isBlank(s.spoolDirectory)) { // checked by PlainAppenderSettings
      worker.useSpool(
          Spool.onDisk(
              new DiskSpool(
                  Path.of(s.spoolDirectory.strip()),
                  s.spoolMaxSize.getSize(),
                  new SpoolFormat(json, identity),
                  status,
                  rt.counters().spoolDropped::increment),
              redactor::redact));
    }
    return new Engine(
        new LogbackEventCapture(
            s.customerEmailMdcKey, s.customerNameMdcKey, s.fingerprintMdcKey.strip(), app),
        trail,
        admission,
        worker,
        client,
        status);
  }

  /** Issue 19: identity, trace and logs links, and the thread fields that carry them. */
  private static ThreadContext threadContext(PlainAppenderSettings s, ServiceIdentity identity) {
    TraceLinks links =
        new TraceLinks(
            PlainAppenderSettings.stripToNull(s.traceUrlTemplate),
            PlainAppenderSettings.stripToNull(s.logsUrlTemplate),
            PlainAppenderSettings.splitKeys(s.traceIdMdcKeys),
            PlainAppenderSettings.splitKeys(s.spanIdMdcKeys),
            PlainAppenderSettings.stripToNull(s.requestIdMdcKey),
            PlainAppenderSettings.toJava(s.linkTimeWindow));
    return new ThreadContext(
        identity,
        links,
        PlainAppenderSettings.stripToNull(s.fingerprintThreadField),
        PlainAppenderSettings.stripToNull(s.serviceThreadField),
        PlainAppenderSettings.stripToNull(s.versionThreadField),
        PlainAppenderSettings.stripToNull(s.environmentThreadField));
  }

  private static BugReach bugReach(
      PlainAppenderSettings s,
      PlainClient client,
      PlainRequests requests,
      ThreadComposer composer,
      ThrottledStatus status,
      Runtime rt) {
    return new BugReach(
        client,
        requests,
        composer,
        status,
        PlainAppenderSettings.stripToNull(s.fingerprintThreadField),
        rt.ticker());
  }

  private static String version() {
    String v = PlainThreadAppender.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
