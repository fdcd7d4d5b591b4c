package io.github.plainlogback.internal.report;

/** Size limits, from Plain's schema where Plain sets them and our own otherwise. */
public final class ReportLimits {
  /** Plain: text and plain-text components hold 1 to 10,000 characters. */
  public static final int MAX_COMPONENT_CHARS = 10_000;

  /** Ours: the whole rendered stack trace, split over several components. */
  public static final int MAX_STACK_TRACE_CHARS = 50_000;

  /** Ours: one line, short enough to read in an inbox list. */
  public static final int MAX_TITLE_CHARS = 200;

  /** Ours: a message is cut when captured, so a 1 MB message never sits in the queue. */
  public static final int MAX_MESSAGE_CHARS = MAX_COMPONENT_CHARS;

  /** Ours: an exception's own message, cut when captured. */
  public static final int MAX_EXCEPTION_MESSAGE_CHARS = 2_000;

  /** Ours: a single MDC value, cut when captured. */
  public static final int MAX_MDC_VALUE_CHARS = 500;

  /** Ours: suppressed exceptions kept per exception. */
  public static final int MAX_SUPPRESSED = 8;

  public static final String CUT_MARK = "…";

  private ReportLimits() {}

  /**
   * {@code text} cut to {@code max} characters, the cut marked, never splitting a surrogate pair.
   */
  public static String cap(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    String marker = " " + CUT_MARK + " [" + (text.length() - max) + " more characters]";
    int keep = Math.max(0, max - marker.length());
    if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
      keep--;
    }
    return text.substring(0, keep) + marker;
  }
}
