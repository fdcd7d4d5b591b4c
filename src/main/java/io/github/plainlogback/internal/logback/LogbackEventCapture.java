package io.github.plainlogback.internal.logback;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import io.github.plainlogback.internal.grouping.AppPackages;
import io.github.plainlogback.internal.grouping.Fingerprints;
import io.github.plainlogback.internal.report.Breadcrumb;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.ReportLimits;
import io.github.plainlogback.internal.report.ThrowableSnapshot;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads what the engine needs from a Logback event, on the logging thread. Works from {@link
 * IThrowableProxy} rather than {@link Throwable}, so events that crossed a process boundary ({@code
 * ThrowableProxyVO}) work too.
 */
public final class LogbackEventCapture {
  /** The most exceptions (causes and suppressed) copied from one event. */
  public static final int MAX_THROWABLES = 64;

  /**
   * Salt for fingerprints set through the MDC, so one can never equal a computed one by accident.
   */
  private static final long OVERRIDE_SALT = 0x5A17F1B6E2D4C3A9L;

  private final String emailKey;
  private final String nameKey;
  private final String fingerprintKey;
  private final AppPackages app;
  private final RememberedFingerprints remembered = new RememberedFingerprints();

  public LogbackEventCapture(
      String emailKey, String nameKey, String fingerprintKey, AppPackages app) {
    this.emailKey = emailKey;
    this.nameKey = nameKey;
    this.fingerprintKey = fingerprintKey;
    this.app = app;
  }

  /**
   * The event's fingerprint (see {@link Fingerprints}); reads names only. A value under the
   * fingerprint MDC key replaces the computed one; with application packages set, only their frames
   * count. An exception instance seen before is not walked again ({@link RememberedFingerprints});
   * a new one costs its entry there (40 bytes), nothing else is allocated.
   */
  public long fingerprint(ILoggingEvent event) {
    Map<String, String> mdc = event.getMDCPropertyMap();
    String custom = mdc == null || fingerprintKey == null ? null : mdc.get(fingerprintKey);
    if (custom != null && !custom.isBlank()) {
      return Fingerprints.mix(Fingerprints.start() ^ OVERRIDE_SALT, custom.strip());
    }
    IThrowableProxy t = event.getThrowableProxy();
    if (t == null) {
      return Fingerprints.mix(
          Fingerprints.mix(Fingerprints.start(), event.getLoggerName()), event.getMessage());
    }
    if (!(t instanceof ThrowableProxy proxy)) {
      return walk(t); // crossed a process boundary: no instance to remember it by
    }
    Throwable thrown = proxy.getThrowable();
    RememberedFingerprints.Entry known = remembered.find(thrown);
    if (known != null) {
      return known.fingerprint;
    }
    long fingerprint = walk(t);
    remembered.remember(thrown, fingerprint);
    return fingerprint;
  }

  /** The fingerprint of an exception's cause chain, frame by frame. */
  private long walk(IThrowableProxy top) {
    IThrowableProxy t = top;
    // One pass, two hashes: all frames, and application frames only. The latter wins when app
    // packages are set and the trace has any; a trace entirely in framework code falls back to all
    // frames rather than to exception types alone, which would fold every framework
    // NullPointerException into one thread.
    long all = Fingerprints.start();
    long appOnly = all;
    boolean sawApp = false;
    for (int depth = 0; t != null && depth < Fingerprints.MAX_CAUSES; depth++, t = t.getCause()) {
      all = Fingerprints.mix(all, t.getClassName());
      appOnly = Fingerprints.mix(appOnly, t.getClassName());
      if (t.isCyclic()) {
        break;
      }
      StackTraceElementProxy[] frames = t.getStackTraceElementProxyArray();
      if (frames != null) {
        int own = frames.length - Math.max(0, t.getCommonFrames());
        for (int i = 0; i < own; i++) {
          StackTraceElement e = frames[i] == null ? null : frames[i].getStackTraceElement();
          if (e == null) {
            continue;
          }
          all = Fingerprints.mixFrame(all, e.getClassName(), e.getMethodName());
          if (!app.isEmpty() && app.isApp(e.getClassName())) {
            appOnly = Fingerprints.mixFrame(appOnly, e.getClassName(), e.getMethodName());
            sawApp = true;
          }
        }
      }
    }
    return sawApp ? appOnly : all;
  }

  /**
   * A full, immutable copy of the event, with the customer's address and name already taken out of
   * the MDC.
   */
  public ErrorReport snapshot(
      ILoggingEvent event, long fingerprint, String customerEmail, List<Breadcrumb> breadcrumbs) {
    return snapshot(event, fingerprint, customerEmail, breadcrumbs, null);
  }

  /**
   * @param request the request an unhandled exception escaped ("GET /orders/42"), or null
   */
  public ErrorReport snapshot(
      ILoggingEvent event,
      long fingerprint,
      String customerEmail,
      List<Breadcrumb> breadcrumbs,
      @Nullable String request) {
    Map<String, String> live = event.getMDCPropertyMap();
    String customerName = live == null ? null : live.get(nameKey);
    Map<String, String> mdc = copyMdc(live);
    String message =
        ReportLimits.capForRedaction(event.getFormattedMessage(), ReportLimits.MAX_MESSAGE_CHARS);
    ThrowableSnapshot throwable =
        event.getThrowableProxy() == null ? null : new Copier().copy(event.getThrowableProxy(), 0);
    return new ErrorReport(
        fingerprint,
        customerEmail,
        customerName == null || customerName.isBlank()
            ? null
            : ReportLimits.cap(customerName.strip(), 200),
        event.getLoggerName(),
        event.getThreadName(),
        event.getTimeStamp(),
        message,
        mdc,
        throwable,
        breadcrumbs,
        request,
        null); // a live report: the process's identity
  }

  private Map<String, String> copyMdc(Map<String, String> live) {
    if (live == null || live.isEmpty()) {
      return Map.of();
    }
    Map<String, String> copy = new HashMap<>(live.size());
    live.forEach(
        (k, v) -> {
          if (k != null && !k.equals(emailKey) && !k.equals(nameKey) && !k.equals(fingerprintKey)) {
            copy.put(
                k,
                ReportLimits.capForRedaction(String.valueOf(v), ReportLimits.MAX_MDC_VALUE_CHARS));
          }
        });
    return Collections.unmodifiableMap(copy);
  }

  /**
   * Copies an exception tree: the cause chain and suppressed exceptions, at most {@link
   * #MAX_THROWABLES} of them in all (suppressed exceptions can nest into a tree that grows without
   * bound). {@code seen} catches cycles that a {@code ThrowableProxyVO}, which has no cycle flag of
   * its own, may carry.
   */
  private static final class Copier {
    private final Set<IThrowableProxy> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    private int budget = MAX_THROWABLES;

    ThrowableSnapshot copy(IThrowableProxy t, int depth) {
      budget--;
      if (!seen.add(t) || t.isCyclic()) {
        return new ThrowableSnapshot(
            "[CIRCULAR REFERENCE: " + t.getClassName() + "]",
            null,
            List.of(),
            0,
            null,
            List.of(),
            0,
            true);
      }
      StackTraceElementProxy[] proxies = t.getStackTraceElementProxyArray();
      List<StackTraceElement> frames = new ArrayList<>(proxies == null ? 0 : proxies.length);
      if (proxies != null) {
        for (StackTraceElementProxy p : proxies) {
          if (p != null && p.getStackTraceElement() != null) {
            frames.add(p.getStackTraceElement());
          }
        }
      }
      List<ThrowableSnapshot> suppressed = List.of();
      IThrowableProxy[] suppressedProxies = t.getSuppressed();
      if (suppressedProxies != null && suppressedProxies.length > 0) {
        List<ThrowableSnapshot> copies = new ArrayList<>();
        for (int i = 0;
            i < suppressedProxies.length && i < ReportLimits.MAX_SUPPRESSED && budget > 1;
            i++) {
          if (suppressedProxies[i] != null) {
            copies.add(copy(suppressedProxies[i], depth + 1));
          }
        }
        suppressed = List.copyOf(copies);
      }
      ThrowableSnapshot cause = null;
      int omitted = 0;
      if (t.getCause() != null) {
        if (depth + 1 < Fingerprints.MAX_CAUSES && budget > 0) {
          cause = copy(t.getCause(), depth + 1);
        } else {
          omitted = countCauses(t.getCause(), seen);
        }
      }
      int common = Math.max(0, Math.min(t.getCommonFrames(), frames.size()));
      return new ThrowableSnapshot(
          t.getClassName(),
          ReportLimits.capForRedaction(t.getMessage(), ReportLimits.MAX_EXCEPTION_MESSAGE_CHARS),
          Collections.unmodifiableList(frames),
          common,
          cause,
          suppressed,
          omitted,
          false);
    }
  }

  /** How many causes a cut chain still had, stopping at a cycle or an absurd depth. */
  private static int countCauses(IThrowableProxy t, Set<IThrowableProxy> seen) {
    int n = 0;
    while (t != null && n < 100_000 && seen.add(t)) {
      n++;
      t = t.getCause();
    }
    return n;
  }
}
