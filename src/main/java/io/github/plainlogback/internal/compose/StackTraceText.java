package io.github.plainlogback.internal.compose;

import io.github.plainlogback.internal.grouping.AppPackages;
import io.github.plainlogback.internal.report.ReportLimits;
import io.github.plainlogback.internal.report.ThrowableSnapshot;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Renders a {@link ThrowableSnapshot} the way the JVM prints it, and splits it into component-sized
 * chunks.
 */
public final class StackTraceText {
  private StackTraceText() {}

  /** The full trace, capped at {@code maxChars} with the cut marked. */
  public static String render(ThrowableSnapshot t, int maxChars) {
    return render(t, maxChars, AppPackages.NONE);
  }

  /**
   * The trace, with runs of non-application frames folded into one line when application packages
   * are known (the first frame of each exception, where it was thrown, is always shown). Causes and
   * suppressed exceptions are shown in full. Capped at {@code maxChars} with the cut marked.
   */
  public static String render(ThrowableSnapshot t, int maxChars, AppPackages app) {
    StringBuilder out = new StringBuilder(4096);
    append(out, t, "", "", maxChars, app);
    if (out.length() > maxChars) {
      int total = out.length();
      String marker =
          "\n"
              + ReportLimits.CUT_MARK
              + " [stack trace truncated: "
              + (total - maxChars)
              + " more characters]";
      int keep = maxChars - marker.length();
      int lineEnd = out.lastIndexOf("\n", keep);
      out.setLength(lineEnd > keep / 2 ? lineEnd : keep);
      out.append(marker);
    }
    return out.toString();
  }

  private static void append(
      StringBuilder out,
      ThrowableSnapshot t,
      String caption,
      String indent,
      int budget,
      AppPackages app) {
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
      StackTraceElement frame = t.frames().get(i);
      if (i > 0 && !app.isEmpty() && !app.isApp(frame.getClassName())) {
        int end = i;
        Set<String> libraries = new LinkedHashSet<>();
        while (end < shown && !app.isApp(t.frames().get(end).getClassName())) {
          libraries.add(AppPackages.library(t.frames().get(end).getClassName()));
          end++;
        }
        if (end - i > 1) {
          out.append(indent)
              .append("\t… ")
              .append(end - i)
              .append(" frames in ")
              .append(describe(libraries))
              .append(" omitted\n");
          i = end - 1;
          continue;
        }
      }
      out.append(indent).append("\tat ").append(frame).append('\n');
    }
    if (t.commonFrames() > 0) {
      out.append(indent)
          .append("\t... ")
          .append(t.commonFrames())
          .append(" common frames omitted\n");
    }
    for (ThrowableSnapshot s : t.suppressed()) {
      append(out, s, "Suppressed: ", indent + "\t", budget, app);
    }
    if (t.cause() != null) {
      append(out, t.cause(), "Caused by: ", indent, budget, app);
    }
    if (t.omittedCauses() > 0) {
      out.append(indent).append("... ").append(t.omittedCauses()).append(" more causes omitted\n");
    }
  }

  private static String describe(Set<String> libraries) {
    List<String> names = new ArrayList<>(libraries);
    if (names.size() <= 3) {
      return String.join(", ", names);
    }
    return String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
  }

  /**
   * Splits {@code text} into pieces of at most {@code max} characters, at line ends where possible.
   */
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
