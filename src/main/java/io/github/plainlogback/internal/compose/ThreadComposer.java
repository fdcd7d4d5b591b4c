package io.github.plainlogback.internal.compose;

import io.github.plainlogback.internal.report.Breadcrumb;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.RecurrenceBatch;
import io.github.plainlogback.internal.report.ReportLimits;
import io.github.plainlogback.internal.report.ServiceIdentity;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Turns an {@link ErrorReport} into the Bug Report thread support will read. Pure; runs on the
 * delivery worker.
 */
public final class ThreadComposer {
  private final ThreadSettings settings;
  private final Redactor redactor;
  private final ThreadContext context;

  public ThreadComposer(ThreadSettings settings) {
    this(settings, new Redactor(false, List.of()));
  }

  /**
   * @param redactor applied to the whole report before anything is composed from it
   */
  public ThreadComposer(ThreadSettings settings, Redactor redactor) {
    this(settings, redactor, ThreadContext.NONE);
  }

  /**
   * @param context the service identity, trace and logs links and identity thread fields
   */
  public ThreadComposer(ThreadSettings settings, Redactor redactor, ThreadContext context) {
    this.settings = settings;
    this.redactor = redactor;
    this.context = context;
  }

  /** The process's service identity, for reports that do not carry their own. */
  public ServiceIdentity identity() {
    return context.identity();
  }

  private ServiceIdentity identityOf(ErrorReport report) {
    return report.identity() == null ? context.identity() : report.identity();
  }

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  public ThreadDraft compose(ErrorReport report) {
    return compose(report, report.fingerprintHex(), null);
  }

  /**
   * @param externalId the thread's external id: the fingerprint, or a successor of it when the bug
   *     came back
   * @param previousRef the ref of the DONE thread this error was reported in before, or null
   */
  public ThreadDraft compose(
      ErrorReport unredacted, String externalId, @Nullable String previousRef) {
    return compose(unredacted, externalId, previousRef, null);
  }

  /**
   * @param reach how many customers the bug has reached, when others have it too; or null
   */
  public ThreadDraft compose(
      ErrorReport unredacted,
      String externalId,
      @Nullable String previousRef,
      @Nullable BugReachNote reach) {
    ErrorReport report = redactor.redact(unredacted);
    ServiceIdentity identity = identityOf(report);
    List<ThreadDraft.Component> components = new ArrayList<>();
    String links = context.links().markdown(unredacted, identity.service());
    // A link longer than a component holds would make Plain refuse the whole thread: left out.
    if (links != null && links.length() <= ReportLimits.MAX_COMPONENT_CHARS) {
      components.add(ThreadDraft.Component.text(links));
    }
    String text = messageText(report);
    if (reach != null && reach.customers() > 1) {
      text = ReportLimits.cap(reachText(reach) + "\n\n" + text, ReportLimits.MAX_COMPONENT_CHARS);
    }
    if (previousRef != null) {
      text =
          ReportLimits.cap(
              "**This bug is back:** it was reported before in "
                  + previousRef
                  + ", which was marked done.\n\n"
                  + text,
              ReportLimits.MAX_COMPONENT_CHARS);
    }
    components.add(ThreadDraft.Component.text(text));
    if (report.throwable() != null) {
      String trace =
          StackTraceText.render(
              report.throwable(), ReportLimits.MAX_STACK_TRACE_CHARS, settings.appPackages());
      for (String chunk : StackTraceText.chunks(trace, ReportLimits.MAX_COMPONENT_CHARS)) {
        components.add(ThreadDraft.Component.plainText(chunk));
      }
    }
    if (!report.breadcrumbs().isEmpty()) {
      components.add(ThreadDraft.Component.plainText(breadcrumbText(report)));
    }
    components.add(ThreadDraft.Component.divider());
    components.add(
        ThreadDraft.Component.plainText(
            contextText(report, previousRef, identity, context.links().traceId(unredacted))));
    return new ThreadDraft(
        title(report),
        components,
        settings.labelTypeIds(),
        threadFields(report, identity),
        settings.priority(),
        externalId,
        report.customerEmail(),
        report.customerName() == null ? report.customerEmail() : report.customerName());
  }

  /**
   * The thread fields: the configured ones, then the fingerprint, service, version and environment
   * under their keys when set (a configured field with the same key wins).
   */
  private List<ThreadFieldValue> threadFields(ErrorReport report, ServiceIdentity identity) {
    if (context.fingerprintField() == null
        && context.serviceField() == null
        && context.versionField() == null
        && context.environmentField() == null) {
      return settings.threadFields();
    }
    List<ThreadFieldValue> fields = new ArrayList<>(settings.threadFields());
    addField(fields, context.fingerprintField(), report.fingerprintHex());
    addField(fields, context.serviceField(), identity.service());
    addField(fields, context.versionField(), identity.version());
    addField(fields, context.environmentField(), identity.environment());
    return fields;
  }

  private static void addField(
      List<ThreadFieldValue> fields, @Nullable String key, @Nullable String value) {
    if (key == null || value == null) {
      return;
    }
    for (ThreadFieldValue f : fields) {
      if (f.key().equals(key)) {
        return;
      }
    }
    fields.add(ThreadFieldValue.parse(key, "STRING", value));
  }

  private static String reachText(BugReachNote reach) {
    StringBuilder s =
        new StringBuilder("**This bug has reached ")
            .append(reach.customers())
            .append(" customers so far.**");
    if (reach.firstThreadRef() != null) {
      s.append(" First reported in ")
          .append(escapeMarkdown(reach.firstThreadRef()))
          .append(", linked to this thread.");
    }
    return s.toString();
  }

  /**
   * The short event on a bug's first thread when its reach crosses a milestone: "Now seen for 10
   * customers".
   */
  public EventDraft composeReachEvent(long milestone, @Nullable String newThreadRef) {
    String text =
        "**Now seen for "
            + milestone
            + " customers.**"
            + (newThreadRef == null
                ? ""
                : " The latest is in " + escapeMarkdown(newThreadRef) + ", linked to this thread.");
    return new EventDraft(
        "Now seen for " + milestone + " customers", List.of(ThreadDraft.Component.text(text)));
  }

  /**
   * "Happened again": how often since the last event, when, and the distinct messages (redacted).
   */
  public EventDraft composeEvent(RecurrenceBatch batch) {
    return composeEvent(batch, context.identity());
  }

  /**
   * As {@link #composeEvent(RecurrenceBatch)}, saying which release the recurrence came from: a bug
   * a release was meant to fix shows up as coming back in that release.
   *
   * @param identity the identity of the process (or spooled report) the repeats came from
   */
  public EventDraft composeEvent(RecurrenceBatch batch, ServiceIdentity identity) {
    String times = batch.count() == 1 ? "once more" : batch.count() + " more times";
    StringBuilder text = new StringBuilder(256);
    text.append("**Happened ").append(times).append("** for this customer");
    if (batch.count() == 1) {
      text.append(" at ").append(Instant.ofEpochMilli(batch.lastMillis()));
    } else {
      text.append(" between ")
          .append(Instant.ofEpochMilli(batch.firstMillis()))
          .append(" and ")
          .append(Instant.ofEpochMilli(batch.lastMillis()));
    }
    text.append(" (host ").append(escapeMarkdown(settings.hostName()));
    if (identity != null && identity.version() != null) {
      text.append(", version ").append(escapeMarkdown(identity.version()));
    }
    if (identity != null && identity.environment() != null) {
      text.append(", ").append(escapeMarkdown(identity.environment()));
    }
    text.append(").");
    List<ThreadDraft.Component> components = new ArrayList<>();
    components.add(ThreadDraft.Component.text(text.toString()));
    if (!batch.messages().isEmpty()) {
      StringBuilder messages = new StringBuilder("Messages");
      messages.append(
          batch.messages().size() >= RecurrenceBatch.MAX_DISTINCT_MESSAGES
              ? " (first " + batch.messages().size() + " distinct):"
              : ":");
      for (String m : batch.messages()) {
        messages.append("\n- ").append(redactor.redactAndCap(m, RecurrenceBatch.MAX_MESSAGE_CHARS));
      }
      components.add(
          ThreadDraft.Component.plainText(
              ReportLimits.cap(messages.toString(), ReportLimits.MAX_COMPONENT_CHARS)));
    }
    return new EventDraft(
        "Happened again: " + (batch.count() == 1 ? "1 time" : batch.count() + " times"),
        components);
  }

  private static String breadcrumbText(ErrorReport report) {
    StringBuilder text = new StringBuilder(2048);
    text.append("Before the error, on the same request (")
        .append(report.breadcrumbs().size())
        .append(report.breadcrumbs().size() == 1 ? " line" : " lines")
        .append(", UTC):");
    for (Breadcrumb b : report.breadcrumbs()) {
      text.append('\n')
          .append(CLOCK.format(Instant.ofEpochMilli(b.timestampMillis())))
          .append(' ')
          .append(b.level())
          .append(' ')
          .append(b.loggerName())
          .append(" - ")
          .append(b.message());
    }
    return ReportLimits.cap(text.toString(), ReportLimits.MAX_COMPONENT_CHARS);
  }

  /**
   * {@code <prefix>: <ExceptionSimpleName>: <first line of message>}, one line, at most 200
   * characters.
   */
  String title(ErrorReport report) {
    StringBuilder title = new StringBuilder(settings.titlePrefix());
    if (report.throwable() != null) {
      title.append(": ").append(report.throwable().simpleClassName());
      StackTraceElement appFrame = settings.appPackages().firstAppFrame(report.throwable());
      if (appFrame != null) {
        String cls = appFrame.getClassName();
        title
            .append(" in ")
            .append(cls.substring(cls.lastIndexOf('.') + 1))
            .append('.')
            .append(appFrame.getMethodName());
      }
    }
    // An unhandled exception's message only says where it escaped; its own message says what.
    String firstLine = report.unhandled() ? "" : firstLine(report.message());
    if (firstLine.isEmpty() && report.throwable() != null) {
      firstLine = firstLine(report.throwable().message());
    }
    if (!firstLine.isEmpty()) {
      title.append(": ").append(firstLine);
    }
    // (?U): Unicode line and paragraph separators count as white space too, so the title stays one
    // line.
    String oneLine = title.toString().replaceAll("(?U)\\s+", " ").strip();
    if (oneLine.length() > ReportLimits.MAX_TITLE_CHARS) {
      int keep = ReportLimits.MAX_TITLE_CHARS - 1;
      if (Character.isHighSurrogate(oneLine.charAt(keep - 1))) {
        keep--;
      }
      oneLine = oneLine.substring(0, keep) + ReportLimits.CUT_MARK;
    }
    return oneLine;
  }

  private static String firstLine(@Nullable String text) {
    if (text == null) {
      return "";
    }
    String s = text.strip();
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  private static String messageText(ErrorReport report) {
    String message =
        report.message() == null || report.message().isBlank() ? "(no message)" : report.message();
    StringBuilder text = new StringBuilder(message.length() + 200);
    String request = report.request(); // set exactly when report.unhandled()
    if (request != null) {
      text.append("**Unhandled exception** in ")
          .append(escapeMarkdown(request))
          .append(": the customer got an error response.");
    } else {
      text.append(escapeMarkdown(message));
    }
    if (report.throwable() != null) {
      text.append("\n\n**").append(escapeMarkdown(report.throwable().className())).append("**");
      if (report.throwable().message() != null && !report.throwable().message().isBlank()) {
        text.append(": ").append(escapeMarkdown(report.throwable().message()));
      }
    }
    return ReportLimits.cap(text.toString(), ReportLimits.MAX_COMPONENT_CHARS);
  }

  /**
   * Plain renders bold, italic and links; a message's own {@code *}, {@code _} and brackets stay
   * literal.
   */
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

  private String contextText(
      ErrorReport report,
      @Nullable String previousRef,
      ServiceIdentity identity,
      @Nullable String traceId) {
    StringBuilder text = new StringBuilder(512);
    if (previousRef != null) {
      text.append("Previously reported in: ").append(previousRef).append(" (done)\n");
    }
    if (report.unhandled()) {
      text.append("Request: ").append(report.request()).append('\n');
    }
    if (identity.service() != null) {
      text.append("Service: ").append(identity.service()).append('\n');
    }
    if (identity.version() != null) {
      text.append("Version: ").append(identity.version()).append('\n');
    }
    if (identity.environment() != null) {
      text.append("Environment: ").append(identity.environment()).append('\n');
    }
    if (traceId != null) {
      text.append("Trace id: ").append(traceId).append('\n');
    }
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
