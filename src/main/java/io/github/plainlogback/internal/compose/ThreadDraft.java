package io.github.plainlogback.internal.compose;

import io.github.plainlogback.internal.report.ReportLimits;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A thread ready to send: everything {@code createThread} needs except the customer id. */
public record ThreadDraft(
    String title,
    List<Component> components,
    List<String> labelTypeIds,
    List<ThreadFieldValue> threadFields,
    int priority,
    String externalId,
    String customerEmail,
    @Nullable String customerName) {

  /** The component kinds we send; each maps to one member of Plain's {@code ComponentInput}. */
  public enum Kind {
    TEXT,
    PLAIN_TEXT,
    DIVIDER
  }

  public record Component(Kind kind, @Nullable String text) {
    public static Component text(String text) {
      return new Component(Kind.TEXT, text);
    }

    public static Component plainText(String text) {
      return new Component(Kind.PLAIN_TEXT, text);
    }

    public static Component divider() {
      return new Component(Kind.DIVIDER, null);
    }
  }

  public ThreadDraft {
    components = List.copyOf(components);
    labelTypeIds = List.copyOf(labelTypeIds);
    threadFields = List.copyOf(threadFields);
  }

  /**
   * What Plain would reject in this draft. A draft we compose must always come back empty: a
   * non-empty answer is a bug in the composer, and tests hold it to that.
   */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (title == null
        || title.isBlank()
        || title.length() > ReportLimits.MAX_TITLE_CHARS
        || title.indexOf('\n') >= 0) {
      problems.add(
          "title must be one non-blank line of at most "
              + ReportLimits.MAX_TITLE_CHARS
              + " characters");
    }
    if (priority < 0 || priority > 3) {
      problems.add("priority must be 0..3, was " + priority);
    }
    if (externalId == null || externalId.isBlank()) {
      problems.add("externalId is missing");
    }
    componentProblems(components, problems);
    return problems;
  }

  /**
   * Plain's rule for text components, shared by threads and events: 1 to 10,000 non-blank
   * characters.
   */
  static void componentProblems(List<Component> components, List<String> problems) {
    for (int i = 0; i < components.size(); i++) {
      Component c = components.get(i);
      if (c.kind() != Kind.DIVIDER
          && (c.text() == null
              || c.text().isBlank()
              || c.text().length() > ReportLimits.MAX_COMPONENT_CHARS)) {
        problems.add(
            "components."
                + i
                + " must hold 1.."
                + ReportLimits.MAX_COMPONENT_CHARS
                + " non-blank characters, has "
                + (c.text() == null ? "none" : c.text().length()));
      }
    }
  }
}
