package io.github.plainlogback;

import static io.github.plainlogback.test.PlainStandIn.respond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.core.status.Status;
import io.github.plainlogback.test.PlainStandIn;
import io.github.plainlogback.test.PlainStandInExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost: with a spool directory, reports Plain could not take survive a stop and a new
 * start, are delivered once whichever appender finds them, and a damaged file stops nothing. Every
 * case runs through a real LoggerContext and the Plain stand-in.
 */
@Timeout(60)
class SpoolFaultInjectionTest {
  private static final String UNAVAILABLE = "{\"errors\":[{\"message\":\"Service Unavailable\"}]}";

  @TempDir Path spool;

  /** A fresh stand-in for Plain per test, closed after it. */
  @RegisterExtension final PlainStandInExtension standIn = PlainStandInExtension.plain();

  private PlainStandIn plain;
  private final List<LoggingFixture> contexts = new ArrayList<>();

  @BeforeEach
  void startPlain() {
    plain = standIn.standIn();
  }

  @AfterEach
  void stopAll() {
    contexts.forEach(LoggingFixture::close);
  }

  /** A new LoggerContext (as after a restart) whose appender spools to {@link #spool}. */
  private LoggingFixture start(String extra) {
    LoggingFixture f =
        LoggingFixture.configure(
            LoggingFixture.config(
                "<apiKey>plainApiKey_test</apiKey><apiUrl>${plainUrl}</apiUrl>"
                    + "<spoolDirectory>${spool}</spoolDirectory>"
                    + "<maxThreadsPerCustomerPerHour>100</maxThreadsPerCustomerPerHour>"
                    + extra),
            Map.of("plainUrl", plain.url(), "spool", spool.toString()));
    contexts.add(f);
    assertThat(f.appender().isStarted()).as(f.allStatuses()).isTrue();
    return f;
  }

  private static void error(LoggingFixture f, String email, String what) {
    try (var mdc = f.mdc(email)) {
      f.logger("shop." + what).error("failed: " + what);
    }
  }

  private List<Path> files(String glob) throws IOException {
    try (Stream<Path> s = Files.list(spool)) {
      return s.filter(
              p -> spool.getFileSystem().getPathMatcher("glob:" + glob).matches(p.getFileName()))
          .sorted()
          .toList();
    }
  }

  /** Plain answers 503 to everything: with maxRetries 0, each report goes to the spool at once. */
  private LoggingFixture spoolWhilePlainIsDown(String... whats) {
    plain.override(call -> PlainStandIn.json(503, UNAVAILABLE));
    LoggingFixture down = start("<maxRetries>0</maxRetries>");
    for (int i = 0; i < whats.length; i++) {
      error(down, "jane@example.com", whats[i]);
      long n = i + 1;
      // one at a time, so the files' order is the errors' order
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> down.appender().getCounters().spooled() == n);
    }
    down.close();
    contexts.remove(down);
    plain.override(null);
    return down;
  }

  private List<String> createdTitles() {
    return plain.calls().stream()
        .filter(c -> c.operation().equals("createThread"))
        .map(c -> c.input().path("title").asText())
        .toList();
  }

  @Test
  void plainDownAcrossARestartDeliversEveryReportOnceItIsBack() throws Exception {
    // a's createThread reaches Plain but its answer never comes: Plain hangs until released.
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch released = new CountDownLatch(1);
    plain.script(
        "createThread",
        call -> {
          arrived.countDown();
          try {
            released.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return null; // then Plain creates the thread, though no one is listening any more
        });
    LoggingFixture before = start("<shutdownTimeout>500 milliseconds</shutdownTimeout>");
    error(before, "jane@example.com", "a");
    assertThat(arrived.await(10, TimeUnit.SECONDS)).isTrue();
    error(before, "omar@example.com", "b");
    error(before, "lee@example.com", "c");
    PlainThreadAppender old = before.appender();
    before.close(); // the deploy: stop() runs out of time with a in flight and b, c queued
    PlainAppenderCounters stopped = old.getCounters();
    assertThat(stopped.spooled()).isEqualTo(3);
    assertThat(stopped.droppedShutdown()).isZero();
    assertThat(files("*.json")).hasSize(3);
    released.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> plain.threadsCreated() == 1);

    LoggingFixture after = start(""); // the new instance, Plain answering again
    PlainThreadAppender appender = after.appender();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> appender.getCounters().replayed() == 3 && appender.getCounters().pending() == 0);
    assertThat(plain.threadsCreated()).isEqualTo(3);
    assertThat(createdTitles())
        .as("a reached Plain before the stop: found by its external id, not created again")
        .hasSize(3);
    assertThat(plain.count("createThreadEvent")).as("and not mistaken for a repeat").isZero();
    assertThat(files("*.json")).isEmpty();
    assertThat(appender.getCounters().spoolBytes()).isZero();
  }

  @Test
  void aTruncatedSpoolFileIsSetAsideAndTheRestDelivered() throws Exception {
    spoolWhilePlainIsDown("a", "b", "c");
    List<Path> written = files("*.json");
    assertThat(written).hasSize(3);
    // A crash mid-write: b's file holds half a report, and a temporary file was never finished.
    byte[] b = Files.readAllBytes(written.get(1));
    Files.write(written.get(1), java.util.Arrays.copyOf(b, b.length / 2));
    Path temp = Files.writeString(spool.resolve("spool-123.tmp"), "{\"format\":1,\"fingerpr");
    Files.setLastModifiedTime(temp, FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));

    LoggingFixture after = start("");
    PlainThreadAppender appender = after.appender();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                appender.getCounters().replayed() == 2
                    && appender.getCounters().spoolDropped() == 2);
    assertThat(createdTitles()).hasSize(2).noneMatch(t -> t.contains("failed: b"));
    assertThat(files("*.bad")).hasSize(2);
    assertThat(files("*.json")).isEmpty();
    assertThat(after.statuses(Status.WARN))
        .anyMatch(m -> m.contains("Set aside the spool file") && m.contains("truncated"));
  }

  @Test
  void twoAppendersOnOneSpoolDirectoryDeliverEachReportExactlyOnce() throws Exception {
    spoolWhilePlainIsDown("a", "b", "c", "d", "e", "f", "g", "h");
    // A slow Plain, so both appenders are busy with the directory at the same time.
    plain.override(
        call -> plain.normal(call).newBuilder().headersDelay(30, TimeUnit.MILLISECONDS).build());
    LoggingFixture one = start("");
    LoggingFixture two = start("");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                one.appender().getCounters().replayed() + two.appender().getCounters().replayed()
                    == 8);
    assertThat(createdTitles()).hasSize(8).doesNotHaveDuplicates();
    assertThat(plain.threadsCreated()).isEqualTo(8);
    assertThat(plain.count("createThreadEvent")).as("no report delivered twice").isZero();
    assertThat(files("*.json")).isEmpty();
  }

  @Test
  void aFullSpoolDropsItsOldestReportsAndCountsThem() throws Exception {
    plain.override(call -> PlainStandIn.json(503, UNAVAILABLE));
    LoggingFixture down = start("<maxRetries>0</maxRetries><spoolMaxSize>1 KB</spoolMaxSize>");
    PlainThreadAppender appender = down.appender();
    List<String> whats = List.of("a", "b", "c", "d", "e", "f", "g", "h");
    for (int i = 0; i < whats.size(); i++) {
      error(down, "jane@example.com", whats.get(i));
      long n = i + 1;
      await().atMost(Duration.ofSeconds(10)).until(() -> appender.getCounters().spooled() == n);
    }
    PlainAppenderCounters c = appender.getCounters();
    List<Path> kept = files("*.json");
    long size = 0;
    for (Path p : kept) {
      size += Files.size(p);
    }
    assertThat(size).isLessThanOrEqualTo(1024).isEqualTo(c.spoolBytes());
    assertThat(c.spoolDropped()).isPositive().isEqualTo(8 - kept.size());
    assertThat(down.statuses(Status.WARN)).anyMatch(m -> m.contains("<spoolMaxSize>"));
    down.close();
    contexts.remove(down);

    plain.override(null);
    LoggingFixture after = start("");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> after.appender().getCounters().replayed() == kept.size());
    List<String> newest =
        whats.subList(whats.size() - kept.size(), whats.size()).stream()
            .map(w -> "failed: " + w)
            .toList();
    assertThat(createdTitles())
        .as("the oldest were dropped")
        .allMatch(t -> newest.stream().anyMatch(t::contains))
        .hasSize(kept.size());
  }

  @Test
  void reportsOverTheQueueMoveToTheSpoolWhilePlainMakesTheWorkerWait() throws Exception {
    plain.override(
        call ->
            respond(429, "{\"errors\":[{\"message\":\"slow down\"}]}", "Retry-After: 3")
                .apply(call));
    LoggingFixture busy = start("<queueSize>4</queueSize>");
    PlainThreadAppender appender = busy.appender();
    error(busy, "jane@example.com", "first");
    await().atMost(Duration.ofSeconds(10)).until(() -> appender.getCounters().retried() == 1);
    for (String w : List.of("b", "c", "d", "e", "f", "g", "h", "i")) {
      error(busy, "jane@example.com", w);
      // the worker waits out the 429 and meanwhile keeps the queue from filling up
      await().atMost(Duration.ofSeconds(10)).until(() -> appender.getCounters().queueDepth() < 4);
    }
    plain.override(null);
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> appender.getCounters().replayed() + appender.getCounters().delivered() == 9);
    PlainAppenderCounters c = appender.getCounters();
    assertThat(c.droppedQueueFull()).isZero();
    assertThat(c.spooled()).isPositive();
    assertThat(c.failed()).isZero();
    assertThat(plain.threadsCreated()).isEqualTo(9);
  }

  @Test
  void aWorldWritableSpoolDirectoryIsRefusedAtStart() throws Exception {
    Path open = Files.createDirectory(spool.resolve("shared"));
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
    LoggingFixture f =
        LoggingFixture.configure(
            LoggingFixture.config(
                "<apiKey>plainApiKey_test</apiKey><apiUrl>${plainUrl}</apiUrl>"
                    + "<spoolDirectory>${spool}</spoolDirectory>"),
            Map.of("plainUrl", plain.url(), "spool", open.toString()));
    contexts.add(f);
    assertThat(f.appender().isStarted()).isFalse();
    assertThat(f.statuses(Status.ERROR))
        .anyMatch(m -> m.contains("<spoolDirectory>") && m.contains("writable by every user"));
  }

  @Test
  void aNewSpoolDirectoryIsPrivateToItsOwner() throws Exception {
    Path dir = spool.resolve("new/spool");
    LoggingFixture f =
        LoggingFixture.configure(
            LoggingFixture.config(
                "<apiKey>plainApiKey_test</apiKey><apiUrl>${plainUrl}</apiUrl>"
                    + "<spoolDirectory>${spool}</spoolDirectory>"),
            Map.of("plainUrl", plain.url(), "spool", dir.toString()));
    contexts.add(f);
    assertThat(f.appender().isStarted()).as(f.allStatuses()).isTrue();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
        .isEqualTo("rwx------");
  }
}
