package io.github.plainlogback.internal.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.spi.LoggingEventVO;
import ch.qos.logback.classic.spi.ThrowableProxyVO;
import io.github.plainlogback.internal.compose.ThreadComposer;
import io.github.plainlogback.internal.compose.ThreadDraft;
import io.github.plainlogback.internal.compose.ThreadSettings;
import io.github.plainlogback.internal.grouping.AppPackages;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.ReportLimits;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Snapshots and fingerprints of hostile events: every one must produce a valid thread, none may
 * throw.
 */
@Timeout(10)
class LogbackEventCaptureTest {
  private final LoggerContext context = new LoggerContext();
  private final Logger logger = context.getLogger("shop.Checkout");
  private final LogbackEventCapture capture =
      new LogbackEventCapture(
          "customerEmail", "customerName", "plainFingerprint", AppPackages.NONE);
  private final ThreadComposer composer =
      new ThreadComposer(new ThreadSettings("Bug Report", List.of(), List.of(), 2, "host-1"));

  private LoggingEvent event(String message, Throwable t) {
    LoggingEvent e = new LoggingEvent("fqcn", logger, Level.ERROR, message, t, null);
    e.setMDCPropertyMap(
        Map.of("customerEmail", "jane@example.com", "customerName", "Jane", "requestId", "r-1"));
    return e;
  }

  private ThreadDraft draftOf(ILoggingEvent e) {
    long fp = capture.fingerprint(e);
    ErrorReport report = capture.snapshot(e, fp, "jane@example.com", List.of());
    ThreadDraft draft = composer.compose(report);
    assertThat(draft.problems()).isEmpty();
    return draft;
  }

  private static String trace(ThreadDraft d) {
    StringBuilder s = new StringBuilder();
    for (int i = 1; i < d.components().size() - 2; i++) {
      s.append(d.components().get(i).text());
    }
    return s.toString();
  }

  @Test
  void snapshotTakesCustomerOutOfTheMdcAndKeepsTheRest() {
    LoggingEvent e = event("Order {} failed", new IllegalStateException("boom"));
    e.setArgumentArray(new Object[] {42});
    ErrorReport r = capture.snapshot(e, capture.fingerprint(e), "jane@example.com", List.of());
    assertThat(r.message()).isEqualTo("Order 42 failed");
    assertThat(r.customerName()).isEqualTo("Jane");
    assertThat(r.mdc()).containsExactly(Map.entry("requestId", "r-1"));
    assertThat(r.loggerName()).isEqualTo("shop.Checkout");
    assertThat(r.threadName()).isEqualTo(Thread.currentThread().getName());
    assertThat(r.throwable().className()).isEqualTo("java.lang.IllegalStateException");
    assertThat(r.throwable().frames()).isNotEmpty();
  }

  @Test
  void cyclicCauseChainIsCutAndMarked() {
    RuntimeException a = new RuntimeException("a");
    IllegalStateException b = new IllegalStateException("b", a);
    a.initCause(b);
    ThreadDraft d = draftOf(event("cyclic", a));
    assertThat(trace(d))
        .contains("Caused by: java.lang.IllegalStateException: b")
        .contains("CIRCULAR REFERENCE");
  }

  @Test
  void thousandDeepCauseChainIsCutWithACount() {
    Throwable t = new IllegalArgumentException("root");
    for (int i = 0; i < 1_000; i++) {
      t = new RuntimeException("level " + i, t);
    }
    LoggingEvent e = event("deep", t);
    ThreadDraft d = draftOf(e);
    assertThat(trace(d)).contains("more causes omitted");
    assertThat(trace(d).length()).isLessThanOrEqualTo(ReportLimits.MAX_STACK_TRACE_CHARS);
    assertThat(capture.fingerprint(e)).isEqualTo(capture.fingerprint(event("deep", t)));
  }

  @Test
  void throwableProxyVoFromAnotherProcessWorks() {
    Exception cause = new java.io.IOException("disk");
    Exception top = new IllegalStateException("top", cause);
    top.addSuppressed(new RuntimeException("while closing"));
    LoggingEvent live = event("remote", top);
    ILoggingEvent remote = LoggingEventVO.build(live); // as received by a SocketAppender's server
    assertThat(remote.getThrowableProxy()).isInstanceOf(ThrowableProxyVO.class);
    assertThat(capture.fingerprint(remote)).isEqualTo(capture.fingerprint(live));
    assertThat(trace(draftOf(remote)))
        .contains("java.lang.IllegalStateException: top")
        .contains("Suppressed: java.lang.RuntimeException: while closing")
        .contains("Caused by: java.io.IOException: disk");
  }

  @Test
  void nullMessageWorks() {
    ThreadDraft d = draftOf(event(null, new IllegalStateException((String) null)));
    assertThat(d.title()).isEqualTo("Bug Report: IllegalStateException");
    assertThat(d.components().get(0).text()).startsWith("(no message)");
  }

  /**
   * Redaction stays off the logging thread: capture only copies (and cuts with a margin); the
   * regexes run on the worker when the thread is composed.
   */
  @Test
  void captureCopiesSecretsAsLoggedAndLeavesRedactionToTheWorker() {
    LoggingEvent e = event("login failed password=hunter2", new IllegalStateException("x"));
    ErrorReport r = capture.snapshot(e, capture.fingerprint(e), "jane@example.com", List.of());
    assertThat(r.message()).isEqualTo("login failed password=hunter2");
  }

  @Test
  void oneMegabyteMessageIsCutWhenCaptured() {
    String huge = "x".repeat(1 << 20);
    LoggingEvent e = event(huge, new IllegalStateException(huge));
    ErrorReport r = capture.snapshot(e, capture.fingerprint(e), "jane@example.com", List.of());
    // Captured with the redaction margin; cut to the limits after redaction, on the worker.
    assertThat(r.message().length())
        .isLessThanOrEqualTo(ReportLimits.MAX_MESSAGE_CHARS + ReportLimits.REDACTION_MARGIN);
    assertThat(r.message()).endsWith("more characters]");
    assertThat(r.throwable().message().length())
        .isLessThanOrEqualTo(
            ReportLimits.MAX_EXCEPTION_MESSAGE_CHARS + ReportLimits.REDACTION_MARGIN);
    ThreadDraft d = draftOf(e);
    assertThat(d.title().length()).isLessThanOrEqualTo(ReportLimits.MAX_TITLE_CHARS);
    d.components()
        .forEach(
            c -> assertThat(c.text() == null ? 0 : c.text().length()).isLessThanOrEqualTo(10_000));
  }

  @Test
  void hugeTraceIsSplitIntoComponentsAndCappedWithTheCutMarked() {
    Throwable t = new IllegalStateException("wide");
    StackTraceElement[] frames = new StackTraceElement[3_000];
    for (int i = 0; i < frames.length; i++) {
      frames[i] =
          new StackTraceElement(
              "com.example.service.layer" + (i % 50) + ".SomeService",
              "method" + i,
              "SomeService.java",
              i);
    }
    t.setStackTrace(frames);
    ThreadDraft d = draftOf(event("wide", t));
    List<ThreadDraft.Component> traceParts = d.components().subList(1, d.components().size() - 2);
    assertThat(traceParts)
        .hasSizeGreaterThan(1)
        .allMatch(c -> c.kind() == ThreadDraft.Kind.PLAIN_TEXT);
    assertThat(traceParts).allMatch(c -> c.text().length() <= ReportLimits.MAX_COMPONENT_CHARS);
    String whole = trace(d);
    assertThat(whole.length()).isLessThanOrEqualTo(ReportLimits.MAX_STACK_TRACE_CHARS);
    assertThat(whole).contains("[stack trace truncated: ");
  }

  @Test
  void fingerprintIgnoresLineNumbersAndMessagesButNotCallSites() {
    assertThat(fp(trace("a", 10, "b", 20), "msg one"))
        .isEqualTo(fp(trace("a", 11, "b", 99), "msg two"));
    assertThat(fp(trace("a", 10, "b", 20), "m")).isNotEqualTo(fp(trace("a", 10, "c", 20), "m"));
  }

  @Test
  void fingerprintSkipsGeneratedFrames() {
    StackTraceElement[] one = {
      new StackTraceElement("shop.Checkout", "run", "Checkout.java", 1),
      new StackTraceElement("shop.Checkout$$Lambda$17/0x0000000800c0b000", "apply", null, -1),
      new StackTraceElement("jdk.proxy2.$Proxy45", "charge", null, -1),
      new StackTraceElement("jdk.internal.reflect.DirectMethodHandleAccessor", "invoke", null, -1),
    };
    StackTraceElement[] two = {
      new StackTraceElement("shop.Checkout", "run", "Checkout.java", 1),
      new StackTraceElement("shop.Checkout$$Lambda$912/0x0000000801f0a000", "apply", null, -1),
      new StackTraceElement("com.sun.proxy.$Proxy12", "charge", null, -1),
      new StackTraceElement("sun.reflect.NativeMethodAccessorImpl", "invoke0", null, -1),
    };
    assertThat(fp(one, "m")).isEqualTo(fp(two, "m"));
  }

  @Test
  void withoutExceptionTheLoggerAndPatternCountNotTheArguments() {
    LoggingEvent a = event("Order {} failed", null);
    a.setArgumentArray(new Object[] {1});
    LoggingEvent b = event("Order {} failed", null);
    b.setArgumentArray(new Object[] {2});
    LoggingEvent c = event("Payment {} failed", null);
    c.setArgumentArray(new Object[] {1});
    assertThat(capture.fingerprint(a)).isEqualTo(capture.fingerprint(b));
    assertThat(capture.fingerprint(a)).isNotEqualTo(capture.fingerprint(c));
  }

  @Test
  void theSameExceptionLoggedAgainKeepsItsFingerprintWithoutAnotherWalk() {
    IllegalStateException logged = new IllegalStateException("x");
    logged.setStackTrace(trace("a", 10, "b", 20));
    long first = capture.fingerprint(event("x", logged));
    // Seen by its instance, not by its frames: a rewritten trace is not walked again...
    logged.setStackTrace(trace("a", 10, "c", 20));
    assertThat(capture.fingerprint(event("x", logged))).isEqualTo(first);
    // ...while another instance with that trace is walked, and groups apart.
    IllegalStateException other = new IllegalStateException("x");
    other.setStackTrace(trace("a", 10, "c", 20));
    assertThat(capture.fingerprint(event("x", other))).isNotEqualTo(first);
  }

  @Test
  void aRememberedFingerprintDoesNotKeepItsExceptionAlive() {
    java.lang.ref.WeakReference<Throwable> gone = fingerprintAndDrop();
    for (int i = 0; i < 50 && gone.get() != null; i++) {
      System.gc();
    }
    assertThat(gone.get()).isNull();
  }

  private java.lang.ref.WeakReference<Throwable> fingerprintAndDrop() {
    IllegalStateException t = new IllegalStateException("request-scoped");
    capture.fingerprint(event("x", t));
    return new java.lang.ref.WeakReference<>(t);
  }

  /**
   * Fingerprints must not change between releases or JVMs: a change regroups every user's errors
   * into new threads. The value below was computed once from this fixed input (with the frame fold
   * of 0.1.0); if it changes, the change is a breaking one.
   */
  @Test
  void fingerprintIsStableAcrossRuns() {
    assertThat(
            io.github.plainlogback.internal.report.ErrorReport.hex(
                fp(trace("a", 10, "b", 20), "x")))
        .isEqualTo(STABLE_FINGERPRINT);
  }

  static final String STABLE_FINGERPRINT = "4702917320a3d399";

  private static StackTraceElement[] trace(String m1, int l1, String m2, int l2) {
    return new StackTraceElement[] {
      new StackTraceElement("shop.Payments", m1, "Payments.java", l1),
      new StackTraceElement("shop.Checkout", m2, "Checkout.java", l2),
    };
  }

  private long fp(StackTraceElement[] frames, String message) {
    IllegalStateException t = new IllegalStateException(message, new java.io.IOException(message));
    t.setStackTrace(frames);
    t.getCause().setStackTrace(frames);
    return capture.fingerprint(event(message, t));
  }
}
