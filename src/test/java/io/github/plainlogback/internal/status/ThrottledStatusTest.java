package io.github.plainlogback.internal.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.plainlogback.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThrottledStatusTest {
  @Test
  void firstOccurrenceThenOneSummaryPerInterval() {
    List<String> warnings = new ArrayList<>();
    StatusSink sink =
        new StatusSink() {
          public void info(String m) {}

          public void warn(String m) {
            warnings.add(m);
          }

          public void error(String m) {}
        };
    FakeTicker ticker = new FakeTicker();
    ThrottledStatus status = new ThrottledStatus(sink, ticker, Duration.ofMinutes(1));
    for (int i = 0; i < 1_000; i++) {
      status.warn("outage", "Plain unreachable");
    }
    status.warn("other", "different problem");
    ticker.advance(Duration.ofMinutes(1));
    status.warn("outage", "Plain unreachable");
    assertThat(warnings)
        .containsExactly(
            "Plain unreachable",
            "different problem",
            "Plain unreachable (999 more like this since the last report)");
  }
}
