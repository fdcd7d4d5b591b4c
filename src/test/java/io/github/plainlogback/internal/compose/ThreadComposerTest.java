package io.github.plainlogback.internal.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.ThrowableSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadComposerTest {
  private final ThreadComposer composer =
      new ThreadComposer(new ThreadSettings("Bug Report", List.of("lt_1"), List.of(), 3, "host-1"));

  private static ErrorReport report(String message, ThrowableSnapshot t) {
    return new ErrorReport(
        0xabcL,
        "a@example.com",
        null,
        "shop.X",
        "main",
        0L,
        message,
        Map.of("k", "v"),
        t,
        List.of());
  }

  private static ThrowableSnapshot exception(String className, String message) {
    return new ThrowableSnapshot(className, message, List.of(), 0, null, List.of(), 0, false);
  }

  @Test
  void titleIsPrefixExceptionAndFirstLineOfTheMessage() {
    ThreadDraft d =
        composer.compose(
            report(
                "Checkout failed\nmore detail", exception("java.lang.IllegalStateException", "x")));
    assertThat(d.title()).isEqualTo("Bug Report: IllegalStateException: Checkout failed");
    assertThat(d.externalId()).isEqualTo("0000000000000abc");
    assertThat(d.customerName()).as("falls back to the email").isEqualTo("a@example.com");
  }

  @Test
  void titleWithoutExceptionOrMessage() {
    assertThat(composer.compose(report("just a message", null)).title())
        .isEqualTo("Bug Report: just a message");
    assertThat(composer.compose(report("  ", exception("a.B", "from the exception"))).title())
        .isEqualTo("Bug Report: B: from the exception");
    assertThat(composer.compose(report(null, null)).title()).isEqualTo("Bug Report");
  }

  @Test
  void titleIsOneLineOfAtMost200Characters() {
    String title = composer.compose(report("tab\there " + "y".repeat(500), null)).title();
    assertThat(title).hasSize(200).endsWith("…").doesNotContain("\t").doesNotContain("\n");
    assertThat(composer.compose(report("a\u2028b\u2029c\u0085d", null)).title())
        .isEqualTo("Bug Report: a b c d");
  }

  @Test
  void messageMarkdownIsEscapedSoItStaysLiteral() {
    ThreadDraft d = composer.compose(report("user_id *x* [link](y)", null));
    assertThat(d.components().get(0).text()).isEqualTo("user\\_id \\*x\\* \\[link\\](y)");
    assertThat(ThreadComposer.escapeMarkdown("plain")).isEqualTo("plain");
  }

  @Test
  void withoutExceptionThereIsNoTraceComponent() {
    ThreadDraft d = composer.compose(report("m", null));
    assertThat(d.components())
        .extracting(ThreadDraft.Component::kind)
        .containsExactly(
            ThreadDraft.Kind.TEXT, ThreadDraft.Kind.DIVIDER, ThreadDraft.Kind.PLAIN_TEXT);
    assertThat(d.components().get(2).text())
        .contains("Host: host-1")
        .contains("k = v")
        .contains("Logger: shop.X");
    assertThat(d.problems()).isEmpty();
  }

  @Test
  void problemsNameWhatPlainWouldReject() {
    ThreadDraft bad =
        new ThreadDraft(
            "",
            List.of(ThreadDraft.Component.plainText("x".repeat(10_001))),
            List.of(),
            List.of(),
            7,
            "",
            "a@b.co",
            null);
    assertThat(bad.problems()).hasSize(4);
  }
}
