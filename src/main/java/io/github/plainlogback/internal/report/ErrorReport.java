package io.github.plainlogback.internal.report;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything about one error occurrence that delivery needs, captured on the logging thread so that
 * nothing is read from the live event (whose MDC and arguments may change) after {@code append}
 * returns.
 *
 * @param message the formatted log message, already capped at {@link
 *     ReportLimits#MAX_MESSAGE_CHARS}
 * @param mdc the MDC without the customer email and name
 * @param throwable the logged exception, or {@code null}
 * @param breadcrumbs the log lines at INFO and above that came before it on the same thread for the
 *     same customer, oldest first
 * @param request for an exception that escaped a request unhandled: its method and path ("GET
 *     /orders/42", no query); null for an error the application logged
 * @param identity the service, version and environment it happened in; null for a live report (the
 *     process's own is used), set for one read back from the spool
 */
public record ErrorReport(
    long fingerprint,
    String customerEmail,
    @Nullable String customerName,
    String loggerName,
    String threadName,
    long timestampMillis,
    @Nullable String message,
    Map<String, String> mdc,
    @Nullable ThrowableSnapshot throwable,
    List<Breadcrumb> breadcrumbs,
    @Nullable String request,
    @Nullable ServiceIdentity identity) {

  /** A live error the application logged: no request, and the process's own identity. */
  public ErrorReport(
      long fingerprint,
      String customerEmail,
      @Nullable String customerName,
      String loggerName,
      String threadName,
      long timestampMillis,
      @Nullable String message,
      Map<String, String> mdc,
      @Nullable ThrowableSnapshot throwable,
      List<Breadcrumb> breadcrumbs) {
    this(
        fingerprint,
        customerEmail,
        customerName,
        loggerName,
        threadName,
        timestampMillis,
        message,
        mdc,
        throwable,
        breadcrumbs,
        null,
        null);
  }

  /** Whether this is an exception that escaped a request rather than a logged error. */
  public boolean unhandled() {
    return request != null;
  }

  /** This report with its identity set. */
  public ErrorReport withIdentity(ServiceIdentity id) {
    return new ErrorReport(
        fingerprint,
        customerEmail,
        customerName,
        loggerName,
        threadName,
        timestampMillis,
        message,
        mdc,
        throwable,
        breadcrumbs,
        request,
        id);
  }

  public String fingerprintHex() {
    return hex(fingerprint);
  }

  /** A fingerprint as 16 hex digits, as it appears in external ids and thread text. */
  public static String hex(long fingerprint) {
    String hex = Long.toHexString(fingerprint);
    return hex.length() == 16 ? hex : "0".repeat(16 - hex.length()) + hex;
  }
}
