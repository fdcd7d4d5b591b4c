package io.github.plainlogback.internal;

import java.util.ArrayList;
import java.util.List;

/** Renders a {@link ThrowableSnapshot} the way the JVM prints it, and splits it into component-sized chunks. */
public final class StackTraceText {
  private StackTraceText() {}

  /** The full trace, capped at {@code maxChars} with the cut marked. */
  public static String render(ThrowableSnapshot t, int maxChars) {
    StringBuilder out = new StringBuilder(4096);
    append(out, t, "", "", maxChars);
    if (out.length() > maxChars) {
      int total = out.length();
      String marker = "\n" + ReportLimits.CUT_MARK + " [stack trace truncated: " + (total - maxChars) + " more characters]";
      int keep = maxChars - marker.length();
      int lineEnd = out.lastIndexOf("\n", keep);
      out.setLength(lineEnd > keep / 2 ? lineEnd : keep);
      out.append(marker);
    }
    return out.toString();
  }

  private static void append(StringBuilder out, ThrowableSnapshot t, String caption, String indent, int budget) {
    if (out.length() > budget) {
      return; // the rest will be cut anyway; stop walking deep chains early
    }
    out.append(indent).append(caption).append(t.className());
    if (t.message() != null) {
      out.append(": ").append(t.message());
    }
    out.append('\n');
    if (t.cyclic()) {
      return;
    }
    int shown = t.frames().size() - t.commonFrames();
    for (int i = 0; i < shown; i++) {
      out.append(indent).append("\tat ").append(t.frames().get(i)).append('\n');
    }
    if (t.commonFrames() > 0) {
      out.append(indent).append("\t... ").append(t.commonFrames()).append(" common frames omitted\n");
    }
    for (ThrowableSnapshot s : t.suppressed()) {
      append(out, s, "Suppressed: ", indent + "\t", budget);
    }
    if (t.cause() != null) {
      append(out, t.cause(), "Caused by: ", indent, budget);
    }
    if (t.omittedCauses() > 0) {
      out.append(indent).append("... ").append(t.omittedCauses()).append(" more causes omitted\n");
    }
  }

  /** Splits {@code text} into pieces of at most {@code max} characters, at line ends where possible. */
  public static List<String> chunks(String text, int max) {
    List<String> parts = new ArrayList<>();
    int start = 0;
    while (text.length() - start > max) {
      int end = text.lastIndexOf('\n', start + max - 1) + 1;
      if (end <= start + max / 2) {
        end = start + max;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
          end--;
        }
      }
      parts.add(text.substring(start, end));
      start = end;
    }
    if (start < text.length()) {
      parts.add(text.substring(start));
    }
    return parts;
  }
}
