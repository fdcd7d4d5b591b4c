package io.github.plainlogback.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns an {@link ErrorReport} into the Bug Report thread support will read. Pure; runs on the delivery worker. */
public final class ThreadComposer {
  private final ThreadSettings settings;

  public ThreadComposer(ThreadSettings settings) {
    this.settings = settings;
  }

  public ThreadDraft compose(ErrorReport report) {
    List<ThreadDraft.Component> components = new ArrayList<>();
    components.add(ThreadDraft.Component.text(messageText(report)));
    if (report.throwable() != null) {
      String trace = StackTraceText.render(report.throwable(), ReportLimits.MAX_STACK_TRACE_CHARS);
      for (String chunk : StackTraceText.chunks(trace, ReportLimits.MAX_COMPONENT_CHARS)) {
        components.add(ThreadDraft.Component.plainText(chunk));
      }
    }
    components.add(ThreadDraft.Component.divider());
    components.add(ThreadDraft.Component.plainText(contextText(report)));
    return new ThreadDraft(
        title(report),
        components,
        settings.labelTypeIds(),
        settings.threadFields(),
        settings.priority(),
        report.fingerprintHex(),
        report.customerEmail(),
        report.customerName() == null ? report.customerEmail() : report.customerName());
  }

  /** {@code <prefix>: <ExceptionSimpleName>: <first line of message>}, one line, at most 200 characters. */
  String title(ErrorReport report) {
    StringBuilder title = new StringBuilder(settings.titlePrefix());
    if (report.throwable() != null) {
      title.append(": ").append(report.throwable().simpleClassName());
    }
    String firstLine = firstLine(report.message());
    if (firstLine.isEmpty() && report.throwable() != null) {
      firstLine = firstLine(report.throwable().message());
    }
    if (!firstLine.isEmpty()) {
      title.append(": ").append(firstLine);
    }
    String oneLine = title.toString().replaceAll("\\s+", " ").strip();
    if (oneLine.length() > ReportLimits.MAX_TITLE_CHARS) {
      int keep = ReportLimits.MAX_TITLE_CHARS - 1;
      if (Character.isHighSurrogate(oneLine.charAt(keep - 1))) {
        keep--;
      }
      oneLine = oneLine.substring(0, keep) + ReportLimits.CUT_MARK;
    }
    return oneLine;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String s = text.strip();
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  private static String messageText(ErrorReport report) {
    String message = report.message() == null || report.message().isBlank() ? "(no message)" : report.message();
    StringBuilder text = new StringBuilder(message.length() + 200);
    text.append(escapeMarkdown(message));
    if (report.throwable() != null) {
      text.append("\n\n**").append(escapeMarkdown(report.throwable().className())).append("**");
      if (report.throwable().message() != null && !report.throwable().message().isBlank()) {
        text.append(": ").append(escapeMarkdown(report.throwable().message()));
      }
    }
    return ReportLimits.cap(text.toString(), ReportLimits.MAX_COMPONENT_CHARS);
  }

  /** Plain renders bold, italic and links; a message's own {@code *}, {@code _} and brackets stay literal. */
  static String escapeMarkdown(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ("\\*_[]`".indexOf(c) >= 0) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append('\\');
      }
      if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  private String contextText(ErrorReport report) {
    StringBuilder text = new StringBuilder(512);
    text.append("Logger: ").append(report.loggerName()).append('\n');
    text.append("Thread: ").append(report.threadName()).append('\n');
    text.append("Host: ").append(settings.hostName()).append('\n');
    text.append("Time: ").append(Instant.ofEpochMilli(report.timestampMillis())).append('\n');
    text.append("Fingerprint: ").append(report.fingerprintHex());
    Map<String, String> mdc = new TreeMap<>(report.mdc());
    if (!mdc.isEmpty()) {
      text.append("\nMDC:");
      mdc.forEach((k, v) -> text.append("\n  ").append(k).append(" = ").append(v));
    }
    return ReportLimits.cap(text.toString(), ReportLimits.MAX_COMPONENT_CHARS);
  }
}
