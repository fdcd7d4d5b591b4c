package io.github.plainlogback.internal.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  /**
   * Ours: what capture keeps beyond each limit, so that redaction (on the worker) sees a secret
   * straddling the limit whole; the text is cut to its limit only after redaction. Longer than any
   * token shape redacted by default; a PEM block cut anyway is still redacted to the end.
   */
  public static final int REDACTION_MARGIN = 4_096;

  /** Ours: one breadcrumb line. */
  public static final int MAX_BREADCRUMB_CHARS = 500;

  /** Ours: an exception's own message, cut when captured. */
  public static final int MAX_EXCEPTION_MESSAGE_CHARS = 2_000;

  /** Ours: a single MDC value, cut when captured. */
  public static final int MAX_MDC_VALUE_CHARS = 500;

  /** Ours: suppressed exceptions kept per exception. */
  public static final int MAX_SUPPRESSED = 8;

  public static final String CUT_MARK = "…";

  private ReportLimits() {}

  /**
   * What capture keeps of a text whose limit is {@code max}: the limit plus {@link
   * #REDACTION_MARGIN}. Redaction then cuts it to {@code max}.
   */
  public static String capForRedaction(String text, int max) {
    return cap(text, max + REDACTION_MARGIN);
  }

  private static final Pattern EARLIER_CUT =
      Pattern.compile(" " + CUT_MARK + " \\[(\\d{1,18}) more characters\\]$");

  /**
   * {@code text} cut to {@code max} characters, the cut marked, never splitting a surrogate pair. A
   * text cut before (at capture) is cut again with one marker counting both cuts.
   */
  public static String cap(String text, int max) {
    if (text == null || text.length() <= max) {
      return text;
    }
    int end = text.length();
    long hidden = 0;
    Matcher earlier = EARLIER_CUT.matcher(text);
    if (earlier.find()) {
      end = earlier.start();
      hidden = Long.parseLong(earlier.group(1));
    }
    // Room for the marker from an upper bound of its number, then the exact number of what is cut.
    int room = marker(Math.max(0, end - max) + hidden + 64).length();
    int keep = Math.max(0, Math.min(end, max - room));
    if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
      keep--;
    }
    return text.substring(0, keep) + marker(end - keep + hidden);
  }

  private static String marker(long more) {
    return " " + CUT_MARK + " [" + more + " more characters]";
  }
}
