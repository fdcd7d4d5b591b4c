package io.github.plainlogback.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import io.github.plainlogback.PlainAppenderCounters;
import io.github.plainlogback.PlainThreadAppender;
import io.github.plainlogback.test.PlainStandIn;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The error storm: 4 threads log 1,000,000 ERROR events over 1,000 fingerprints x 100 customers,
 * with the default settings, against the stand-in for Plain (test-support's PlainStandIn, checking
 * every call against Plain's schema) answering every call after 200 ms. Reports the callers'
 * latency, the peak heap, the threads created against what dedupe and the rate limits allow, and
 * the counters. Bounded in time: the callers run as fast as they can, then stop() gets its default
 * 5 seconds.
 */
public final class ErrorStorm {
  static final int THREADS = 4;
  static final int EVENTS = 1_000_000;
  static final int FINGERPRINTS = 1_000;
  static final int CUSTOMERS = 100;
  static final long ANSWER_MILLIS = 200;

  public static void main(String[] args) throws Exception {
    // The one stand-in for Plain (test-support's), checking every call against Plain's schema and
    // keeping Plain's state: each customer its own id, each thread its own, events on the thread
    // they name. Every call is answered after ANSWER_MILLIS (and no more: sendAtOnce), having
    // changed the state on arrival.
    PlainStandIn plain = new PlainStandIn(true).sendAtOnce();
    plain.override(plain.answerLate(Duration.ofMillis(ANSWER_MILLIS)));

    // The default settings, but for stop(): 30 s, so every admitted report can reach the slow
    // stand-in. With
    // -Dstorm.spool=<dir>, a spool there and stop() cut to 2 s, so what is left goes to the spool.
    String spoolDir = System.getProperty("storm.spool");
    LoggerContext context =
        Contexts.configure(
            "<configuration><appender name=\"PLAIN\" class=\"io.github.plainlogback.PlainThreadAppender\">"
                + "<apiKey>plainApiKey_bench</apiKey><apiUrl>${url}</apiUrl>"
                + (spoolDir == null
                    ? "<shutdownTimeout>30 seconds</shutdownTimeout>"
                    : "<shutdownTimeout>2 seconds</shutdownTimeout><spoolDirectory>"
                        + spoolDir
                        + "</spoolDirectory>")
                + "</appender><root level=\"INFO\"><appender-ref ref=\"PLAIN\"/></root></configuration>",
            java.util.Map.of("url", plain.url()));
    PlainThreadAppender appender = Contexts.appender(context);
    String[] patterns = new String[FINGERPRINTS];
    for (int f = 0; f < FINGERPRINTS; f++) {
      patterns[f] =
          "Storm error "
              + f
              + " for order {}"; // without an exception, the pattern is the fingerprint
    }
    String[] customers = new String[CUSTOMERS];
    for (int c = 0; c < CUSTOMERS; c++) {
      customers[c] = "customer" + c + "@example.com";
    }

    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    long heapBefore = memory.getHeapMemoryUsage().getUsed();
    AtomicLong peakHeap = new AtomicLong(heapBefore);
    Thread sampler =
        daemon(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(10); // sampling period of the heap gauge
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    sampler.start();

    long[][] latencies = new long[THREADS][EVENTS / THREADS];
    // When each caller's first call started and ended and its last call started: the rate limit's
    // window.
    long[] firstStart = new long[THREADS];
    long[] firstEnd = new long[THREADS];
    long[] lastStart = new long[THREADS];
    CountDownLatch go = new CountDownLatch(1);
    Thread[] callers = new Thread[THREADS];
    for (int t = 0; t < THREADS; t++) {
      int id = t;
      callers[t] =
          new Thread(
              () -> {
                Logger log = context.getLogger("shop.Storm");
                long[] mine = latencies[id];
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < mine.length; i++) {
                  int n = id * mine.length + i;
                  // Each event is one request of one customer: the filter puts the customer, the
                  // error is logged.
                  context.getMDCAdapter().put("customerEmail", customers[n % CUSTOMERS]);
                  long start = System.nanoTime();
                  log.error(patterns[(n / CUSTOMERS) % FINGERPRINTS], n);
                  long end = System.nanoTime();
                  mine[i] = end - start;
                  if (i == 0) {
                    firstStart[id] = start;
                    firstEnd[id] = end;
                  }
                  lastStart[id] = start;
                }
                context.getMDCAdapter().remove("customerEmail");
              },
              "storm-" + t);
      callers[t].start();
    }
    long started = System.nanoTime();
    go.countDown();
    for (Thread t : callers) {
      t.join();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    PlainAppenderCounters during = appender.getCounters();
    System.gc();
    long retained =
        memory.getHeapMemoryUsage().getUsed() - heapBefore - 8L * EVENTS; // less the latency arrays
    long stopStarted = System.nanoTime();
    context.stop(); // the appender delivers what it can within shutdownTimeout (5 s)
    double stopSeconds = (System.nanoTime() - stopStarted) / 1e9;
    PlainAppenderCounters after = appender.getCounters();
    sampler.interrupt();
    long creates = plain.count("createThread");
    long events = plain.count("createThreadEvent");
    long upserts = plain.count("upsertCustomer");
    long lookups = plain.count("threadByExternalId");
    long links = plain.count("createThreadLink");
    List<String> violations = plain.schemaViolations();
    plain.close();

    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    long admitted =
        after.captured() - after.deduplicated() - after.rateLimited() - after.droppedQueueFull();
    // Global bucket: a burst of 30 taken by the first calls, then one token every 2 s (30 per
    // minute) while errors
    // keep coming; 5 per hour per customer. The first token is taken during the earliest first
    // call, the last one at
    // the latest by the last call's start: the most the settings allow counts refills up to then
    // from the earliest
    // first call's start, the least from its end (the two differ only if a refill falls inside that
    // one call).
    long windowMost =
        Arrays.stream(lastStart).max().orElseThrow()
            - Arrays.stream(firstStart).min().orElseThrow();
    long windowLeast =
        Arrays.stream(lastStart).max().orElseThrow() - Arrays.stream(firstEnd).min().orElseThrow();
    long allowedMost = Math.min(30 + windowMost / 2_000_000_000L, 5L * CUSTOMERS);
    long allowedLeast = Math.min(30 + windowLeast / 2_000_000_000L, 5L * CUSTOMERS);
    double minutes = windowMost / 60e9;
    String allowed =
        allowedLeast == allowedMost
            ? String.valueOf(allowedMost)
            : allowedLeast + " to " + allowedMost;
    StringBuilder out = new StringBuilder();
    out.append(
        spoolDir == null
            ? "## Error storm\n\n"
            : "## Error storm, with a spool (stop() cut to 2 s)\n\n");
    out.append(
        String.format(
            "%d threads logged %,d ERROR events (%d fingerprints x %d customers) in %.2f s; stop() took %.2f s.%n%n",
            THREADS, EVENTS, FINGERPRINTS, CUSTOMERS, seconds, stopSeconds));
    out.append(
        "| caller latency | p50 | p99 | p99.9 | p99.99 | max |\n|---|---|---|---|---|---|\n");
    out.append(
        String.format(
            "| ns per `log.error` | %,d | %,d | %,d | %,d | %,d |%n%n",
            pct(all, 0.50),
            pct(all, 0.99),
            pct(all, 0.999),
            pct(all, 0.9999),
            all[all.length - 1]));
    out.append(
        String.format(
            "Heap: %,d KiB before; peak %,d KiB during the storm (+%,d KiB, uncollected garbage and the"
                + " %,d KiB of latency samples included); retained after a GC at the end of the storm, latency samples"
                + " excluded: %,d KiB.%n%n",
            heapBefore / 1024,
            peakHeap.get() / 1024,
            (peakHeap.get() - heapBefore) / 1024,
            8L * EVENTS / 1024,
            Math.max(0, retained) / 1024));
    out.append(
        String.format(
            "Threads created at the stand-in: %d (createThread calls); \"Happened again\" events: %d; upserts: %d; lookups: %d;"
                + " links to a bug's first thread: %d.%n",
            creates, events, upserts, lookups, links));
    out.append(
        String.format(
            "Calls that did not validate against Plain's schema: %d%s.%n",
            violations.size(), violations.isEmpty() ? "" : " " + violations));
    out.append(
        String.format(
            "Admitted by dedupe and the rate limits: %d; the settings allow %s (burst 30 + 30/min over the %.4f min from"
                + " the first call to the start of the last; 5/hour x %d customers does not bind).%n%n",
            admitted, allowed, minutes, CUSTOMERS));
    out.append("| counter | while logging | after stop() |\n|---|---|---|\n");
    row(out, "captured", during.captured(), after.captured());
    row(out, "deduplicated", during.deduplicated(), after.deduplicated());
    row(out, "rateLimited", during.rateLimited(), after.rateLimited());
    row(out, "droppedQueueFull", during.droppedQueueFull(), after.droppedQueueFull());
    row(out, "droppedShutdown", during.droppedShutdown(), after.droppedShutdown());
    row(out, "delivered", during.delivered(), after.delivered());
    row(out, "threadEvents", during.threadEvents(), after.threadEvents());
    row(out, "failed", during.failed(), after.failed());
    row(out, "pending (queue + in flight)", during.pending(), after.pending());
    row(out, "spooled", during.spooled(), after.spooled());
    row(out, "spoolDropped", during.spoolDropped(), after.spoolDropped());
    row(out, "spoolBytes", during.spoolBytes(), after.spoolBytes());
    long sum =
        after.deduplicated()
            + after.rateLimited()
            + after.dropped()
            + after.delivered()
            + after.failed()
            + after.spooled()
            + after.pending();
    out.append(
        String.format(
            "%ncaptured = deduplicated + rateLimited + dropped + delivered + failed + spooled + pending: %,d = %,d (%s)%n",
            after.captured(), sum, after.captured() == sum ? "holds" : "DOES NOT HOLD"));
    // Each admitted report is a new fingerprint for its customer: the stand-in has no thread for it
    // yet, so every delivered first occurrence is a created thread; the
    // "Happened again" events are the aggregated repeats, sent at stop().
    // With a spool, a createThread cancelled by stop() may have reached the stand-in: that report
    // is spooled too.
    long delivered = after.delivered();
    boolean threadsMatch =
        admitted == delivered + after.spooled()
            && creates >= delivered
            && creates <= delivered + (after.spooled() > 0 ? 1 : 0);
    out.append(
        String.format(
            "Threads created = admitted - spooled = delivered: %d = %d = %d (%s).%n",
            creates,
            admitted - after.spooled(),
            delivered,
            threadsMatch ? "holds" : "DOES NOT HOLD"));
    boolean ok =
        after.captured() == sum
            && admitted >= allowedLeast
            && admitted <= allowedMost
            && threadsMatch
            && violations.isEmpty();
    System.out.print(out);
    Path file = Path.of(args.length > 0 ? args[0] : "target/storm.md");
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, out.toString());
    System.exit(ok ? 0 : 1);
  }

  private static long pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static void row(StringBuilder out, String name, long during, long after) {
    out.append(String.format("| %s | %,d | %,d |%n", name, during, after));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private ErrorStorm() {}
}
