package io.github.plainlogback.internal.delivery;

import io.github.plainlogback.FakeTicker;
import io.github.plainlogback.internal.plain.PlainResponse;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.status.StatusSink;
import io.github.plainlogback.internal.status.ThrottledStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the delivery stage's unit tests share: reports, failures, and a status that records. */
final class Fixtures {
  private Fixtures() {}

  static ErrorReport report(String message) {
    return new ErrorReport(
        message.hashCode(),
        "jane@example.com",
        null,
        "shop.X",
        "main",
        0L,
        message,
        Map.of(),
        null,
        List.of());
  }

  static PlainResponse.Failure failure(int httpStatus, Duration retryAfter) {
    return new PlainResponse.Failure(
        PlainResponse.Source.HTTP,
        httpStatus != 401,
        httpStatus,
        null,
        null,
        "test",
        List.of(),
        retryAfter,
        null);
  }

  /** A status sink that keeps every line, "LEVEL message". */
  static final class Lines implements StatusSink {
    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public void info(String message) {
      lines.add("INFO " + message);
    }

    @Override
    public void warn(String message) {
      lines.add("WARN " + message);
    }

    @Override
    public void error(String message) {
      lines.add("ERROR " + message);
    }

    ThrottledStatus status(FakeTicker ticker) {
      return new ThrottledStatus(this, ticker, Duration.ofMinutes(1));
    }
  }
}
