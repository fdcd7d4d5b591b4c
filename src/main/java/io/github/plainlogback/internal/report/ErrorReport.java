package io.github.plainlogback.internal.report;

import java.util.List;
import java.util.Map;

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
 * @param identity the service, version and environment it happened in; null for a live report (the
 *     process's own is used), set for one read back from the spool
 */
public record ErrorReport(
    long fingerprint,
    String customerEmail,
    String customerName,
    String loggerName,
    String threadName,
    long timestampMillis,
    String message,
    Map<String, String> mdc,
    ThrowableSnapshot throwable,
    List<Breadcrumb> breadcrumbs,
    ServiceIdentity identity) {

  /** A live report: its identity is the process's, so capture stores nothing for it. */
  public ErrorReport(
      long fingerprint,
      String customerEmail,
      String customerName,
      String loggerName,
      String threadName,
      long timestampMillis,
      String message,
      Map<String, String> mdc,
      ThrowableSnapshot throwable,
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
        null);
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
