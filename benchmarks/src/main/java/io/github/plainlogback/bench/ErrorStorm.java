package io.github.plainlogback.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import com.sun.net.httpserver.HttpServer;
import io.github.plainlogback.PlainAppenderCounters;
import io.github.plainlogback.PlainThreadAppender;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The error storm: 4 threads log 1,000,000 ERROR events over 1,000 fingerprints x 100 customers,
 * with the default settings, against a loopback stand-in for Plain that answers every call after
 * 200 ms. Reports the callers' latency, the peak heap, the threads created against what dedupe and
 * the rate limits allow, and the counters. Bounded in time: the callers run as fast as they can,
 * then stop() gets its default 5 seconds.
 */
public final class ErrorStorm {
  static final int THREADS = 4;
  static final int EVENTS = 1_000_000;
  static final int FINGERPRINTS = 1_000;
  static final int CUSTOMERS = 100;
  static final long ANSWER_MILLIS = 200;

  public static void main(String[] args) throws Exception {
    AtomicInteger upserts = new AtomicInteger();
    AtomicInteger creates = new AtomicInteger();
    AtomicInteger lookups = new AtomicInteger();
    AtomicInteger events = new AtomicInteger();
    HttpServer plain =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    plain.setExecutor(Executors.newFixedThreadPool(8, r -> daemon(r, "storm-plain")));
    plain.createContext(
        "/graphql/v1",
        exchange -> {
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          String answer;
          if (body.contains("\"operationName\":\"upsertCustomer\"")) {
            upserts.incrementAndGet();
            answer =
                "{\"data\":{\"upsertCustomer\":{\"result\":\"CREATED\",\"customer\":{\"id\":\"c_1\"},\"error\":null}}}";
          } else if (body.contains("\"operationName\":\"threadByExternalId\"")) {
            lookups.incrementAndGet();
            answer = "{\"data\":{\"threadByExternalId\":null}}";
          } else if (body.contains("\"operationName\":\"threadStatus\"")) {
            answer =
                "{\"data\":{\"thread\":{\"id\":\"th_1\",\"ref\":\"T-1\",\"status\":\"TODO\"}}}";
          } else if (body.contains("\"operationName\":\"createThreadEvent\"")) {
            events.incrementAndGet();
            answer =
                "{\"data\":{\"createThreadEvent\":{\"threadEvent\":{\"id\":\"tev_1\"},\"error\":null}}}";
          } else {
            creates.incrementAndGet();
            answer =
                "{\"data\":{\"createThread\":{\"thread\":{\"id\":\"th_1\",\"ref\":\"T-1\"},\"error\":null}}}";
          }
          try {
            Thread.sleep(
                ANSWER_MILLIS); // the stand-in's own latency, not a wait in the code under test
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    plain.start();

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
            java.util.Map.of(
                "url", "http://127.0.0.1:" + plain.getAddress().getPort() + "/graphql/v1"));
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
    plain.stop(0);

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
            "Threads created at the stand-in: %d (createThread calls); \"Happened again\" events: %d; upserts: %d; lookups: %d.%n",
            creates.get(), events.get(), upserts.get(), lookups.get()));
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
    // The stand-in never has a thread already, so every delivered first occurrence is a created
    // thread; the
    // "Happened again" events are the aggregated repeats, sent at stop().
    // With a spool, a createThread cancelled by stop() may have reached the stand-in: that report
    // is spooled too.
    long delivered = after.delivered();
    boolean threadsMatch =
        admitted == delivered + after.spooled()
            && creates.get() >= delivered
            && creates.get() <= delivered + (after.spooled() > 0 ? 1 : 0);
    out.append(
        String.format(
            "Threads created = admitted - spooled = delivered: %d = %d = %d (%s).%n",
            creates.get(),
            admitted - after.spooled(),
            delivered,
            threadsMatch ? "holds" : "DOES NOT HOLD"));
    boolean ok =
        after.captured() == sum
            && admitted >= allowedLeast
            && admitted <= allowedMost
            && threadsMatch;
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
