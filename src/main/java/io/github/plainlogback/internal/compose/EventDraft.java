package io.github.plainlogback.internal.compose;

import io.github.plainlogback.internal.report.ReportLimits;
import java.util.ArrayList;
import java.util.List;

/** A "Happened again" thread event ready to send. */
public record EventDraft(String title, List<ThreadDraft.Component> components) {
  public EventDraft {
    components = List.copyOf(components);
  }

  /** What Plain would reject; always empty for an event we compose. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (title == null || title.isBlank() || title.length() > ReportLimits.MAX_TITLE_CHARS) {
      problems.add(
          "title must be non-blank and at most " + ReportLimits.MAX_TITLE_CHARS + " characters");
    }
    if (components.isEmpty()) {
      problems.add("components must not be empty");
    }
    ThreadDraft.componentProblems(components, problems);
    return problems;
  }
}
