package io.github.plainlogback.internal.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.plainlogback.internal.report.ThrowableSnapshot;
import java.util.List;
import org.junit.jupiter.api.Test;

class StackTraceTextTest {
  @Test
  void chunksSplitAtLineEndsAndLoseNothing() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 2_000; i++) {
      text.append("\tat com.example.Service.method")
          .append(i)
          .append("(Service.java:")
          .append(i)
          .append(")\n");
    }
    List<String> chunks = StackTraceText.chunks(text.toString(), 10_000);
    assertThat(chunks).hasSizeGreaterThan(1).allMatch(c -> c.length() <= 10_000 && !c.isEmpty());
    assertThat(String.join("", chunks)).isEqualTo(text.toString());
    assertThat(chunks.subList(0, chunks.size() - 1)).allMatch(c -> c.endsWith("\n"));
  }

  @Test
  void aSingleHugeLineIsCutHard() {
    String line = "x".repeat(25_000);
    List<String> chunks = StackTraceText.chunks(line, 10_000);
    assertThat(chunks).extracting(String::length).containsExactly(10_000, 10_000, 5_000);
  }

  @Test
  void renderLooksLikeTheJvmsOwnAndMarksTheCut() {
    StackTraceElement frame = new StackTraceElement("a.B", "m", "B.java", 3);
    ThrowableSnapshot cause =
        new ThrowableSnapshot("c.D", "inner", List.of(frame, frame), 1, null, List.of(), 0, false);
    ThrowableSnapshot suppressed =
        new ThrowableSnapshot("e.F", "closing", List.of(frame), 0, null, List.of(), 0, false);
    ThrowableSnapshot top =
        new ThrowableSnapshot(
            "x.Y", "outer", List.of(frame), 0, cause, List.of(suppressed), 0, false);
    assertThat(StackTraceText.render(top, 50_000))
        .isEqualTo(
            "x.Y: outer\n\tat a.B.m(B.java:3)\n\tSuppressed: e.F: closing\n\t\tat a.B.m(B.java:3)\n"
                + "Caused by: c.D: inner\n\tat a.B.m(B.java:3)\n\t... 1 common frames omitted\n");
    String cut = StackTraceText.render(top, 60);
    assertThat(cut.length()).isLessThanOrEqualTo(60);
    assertThat(cut).contains("[stack trace truncated: ");
  }
}
