package io.github.plainlogback.internal.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.plainlogback.internal.report.Breadcrumb;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.ThrowableSnapshot;
import io.github.plainlogback.internal.status.StatusSink;
import io.github.plainlogback.internal.status.ThrottledStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The spool's file format and its lock protocol, the latter against a second JVM. */
@Timeout(60)
class DiskSpoolTest {
  @TempDir Path dir;

  private final SpoolFormat format = new SpoolFormat(new ObjectMapper());
  private final AtomicInteger dropped = new AtomicInteger();

  private DiskSpool spool() {
    return new DiskSpool(
        dir,
        1_000_000,
        format,
        new ThrottledStatus(StatusSink.NONE, Ticker.systemTicker(), Duration.ofMinutes(1)),
        dropped::incrementAndGet);
  }

  private static ErrorReport report(String message, long timestamp) {
    ThrowableSnapshot cause =
        new ThrowableSnapshot(
            "java.io.IOException",
            "socket closed",
            List.of(new StackTraceElement("app", "java.base", "17", "a.B", "c", "B.java", 12)),
            0,
            null,
            List.of(),
            0,
            false);
    ThrowableSnapshot suppressed =
        new ThrowableSnapshot(
            "java.lang.IllegalStateException", null, List.of(), 0, null, List.of(), 0, false);
    ThrowableSnapshot top =
        new ThrowableSnapshot(
            "shop.CheckoutException",
            message,
            List.of(
                new StackTraceElement("shop.Checkout", "pay", "Checkout.java", 42),
                new StackTraceElement("shop.Http", "post", null, -2)),
            1,
            cause,
            List.of(suppressed),
            3,
            false);
    return new ErrorReport(
        0x8000_0000_0000_00ffL,
        "jane@example.com",
        "Jane",
        "shop.Checkout",
        "http-1",
        timestamp,
        message,
        Map.of("orderId", "42"),
        top,
        List.of(new Breadcrumb(timestamp - 5, "INFO", "shop.Cart", "added item")));
  }

  @Test
  void aReportSurvivesTheFileFormatUnchanged() throws Exception {
    ErrorReport r = report("Payment declined", 1_700_000_000_000L);
    SpoolFormat.Entry back = format.read(format.write(r, true));
    assertThat(back.report()).isEqualTo(r);
    assertThat(back.mayHaveReachedPlain()).isTrue();
    assertThat(format.read(format.write(r, false)).mayHaveReachedPlain()).isFalse();
  }

  @Test
  void aNewerFormatOrGarbageIsUnreadable() {
    assertThatThrownBy(() -> format.read("{\"format\":2}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SpoolFormat.UnreadableException.class)
        .hasMessageContaining("format 2");
    assertThatThrownBy(() -> format.read("{\"format\":1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SpoolFormat.UnreadableException.class);
    assertThatThrownBy(() -> format.read(new byte[] {'{', '"'}))
        .isInstanceOf(SpoolFormat.UnreadableException.class);
  }

  @Test
  void aFileAnotherProcessIsDeliveringIsLeftToIt() throws Exception {
    DiskSpool spool = spool();
    assertThat(spool.write(report("older", 1_000), false)).isTrue();
    assertThat(spool.write(report("newer", 2_000), false)).isTrue();
    Path oldest;
    try (Stream<Path> files = Files.list(dir)) {
      oldest = files.sorted().findFirst().orElseThrow();
    }
    Process other =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                SpoolLockHolder.class.getName(),
                oldest.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");

      DiskSpool.Claim claim = spool.claimOldest();
      assertThat(claim.report().message()).as("the oldest is locked elsewhere").isEqualTo("newer");
      claim.delivered();
      assertThat(spool.claimOldest()).as("nothing else is free").isNull();
    } finally {
      other.getOutputStream().close();
      assertThat(other.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }
    DiskSpool.Claim claim = spool.claimOldest();
    assertThat(claim.report().message())
        .as("free again once the other process let go")
        .isEqualTo("older");
    claim.delivered();
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
    assertThat(dropped).hasValue(0);
  }
}
