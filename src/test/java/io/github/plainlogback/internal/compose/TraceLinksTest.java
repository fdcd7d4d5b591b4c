package io.github.plainlogback.internal.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.plainlogback.internal.report.ErrorReport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceLinksTest {
  private static ErrorReport report(Map<String, String> mdc) {
    return new ErrorReport(
        1L, "a@example.com", null, "l", "t", 1_767_225_600_000L, "m", mdc, null, List.of());
  }

  private static TraceLinks links(String trace, String logs) {
    return new TraceLinks(
        trace,
        logs,
        TraceLinks.DEFAULT_TRACE_ID_KEYS,
        TraceLinks.DEFAULT_SPAN_ID_KEYS,
        "requestId",
        Duration.ofMinutes(5));
  }

  @Test
  void everyPlaceholderIsFilledAndUrlEncoded() {
    String md =
        links(
                null,
                "https://l.example.com/?r={requestId}&s={service}&f={from}&t={to}&fi={fromIso}&ti={toIso}&fs={fromSeconds}&ts={toSeconds}")
            .markdown(report(Map.of("requestId", "req:1.2")), "a b&c");
    assertThat(md)
        .isEqualTo(
            "[Logs](https://l.example.com/?r=req%3A1.2&s=a%20b%26c&f=1767225300000&t=1767225900000"
                + "&fi=2025-12-31T23%3A55%3A00Z&ti=2026-01-01T00%3A05%3A00Z&fs=1767225300&ts=1767225900)");
  }

  @Test
  void anIdThatDoesNotLookLikeOneOrIsAllZerosMakesNoLink() {
    TraceLinks l = links("https://t.example.com/{traceId}", null);
    assertThat(l.markdown(report(Map.of("traceId", "jane@example.com secret")), null)).isNull();
    assertThat(l.markdown(report(Map.of("trace_id", "00000000000000000000000000000000")), null))
        .isNull();
    assertThat(l.markdown(report(Map.of("trace_id", "abc")), null))
        .isEqualTo("[Trace](https://t.example.com/abc)");
  }

  @Test
  void aTemplateParenthesisCannotEndTheMarkdownLink() {
    assertThat(
            links("https://t.example.com/x(1)/{traceId}", null)
                .markdown(report(Map.of("traceId", "ab")), null))
        .isEqualTo("[Trace](https://t.example.com/x%281%29/ab)");
  }

  @Test
  void problemsNameWhatIsWrong() {
    assertThat(
            TraceLinks.problem(
                "https://ui.honeycomb.io/team/environments/prod/trace?trace_id={traceId}"))
        .isNull();
    assertThat(TraceLinks.problem("ftp://x/{traceId}")).contains("http:// or https://");
    assertThat(TraceLinks.problem("/relative/{traceId}")).contains("absolute");
    assertThat(TraceLinks.problem("https://x/{nope}")).contains("unknown placeholder {nope}");
  }

  @Test
  void milestonesAreTwoFiveTenTwentyFiveFiftyAndOnInTens() {
    long[] seen = new long[1001];
    for (long n = 1; n <= 1000; n++) {
      seen[(int) n] = BugReachNote.milestoneCrossed(n - 1, n);
    }
    List<Long> hit = new java.util.ArrayList<>();
    for (int n = 1; n <= 1000; n++) {
      if (seen[n] > 0) {
        assertThat(seen[n]).isEqualTo(n);
        hit.add((long) n);
      }
    }
    assertThat(hit).containsExactly(2L, 5L, 10L, 25L, 50L, 100L, 250L, 500L, 1000L);
    assertThat(BugReachNote.milestoneCrossed(3, 30))
        .as("a jump: the highest crossed")
        .isEqualTo(25);
    assertThat(BugReachNote.milestoneCrossed(10, 24)).isZero();
  }
}
