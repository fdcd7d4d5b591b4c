package io.github.plainlogback.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.spi.MDCAdapter;

/**
 * Requests on virtual threads, one new thread per request as Tomcat's, Jetty's and Spring Boot's
 * virtual-thread executors do: each puts a customer in the MDC, logs three INFO lines and removes
 * the customer. The same run serves them with Logback alone (the sink appender) and with the
 * appender beside it (breadcrumbs on), and reports the time of each and the heap retained after a
 * full GC at checkpoints along the way, so growth with the number of requests shows. Needs Java 21+
 * (virtual threads are looked up reflectively, so the jar is built for 17 and says so there).
 *
 * <p>{@code java -Xmx1g -cp benchmarks.jar io.github.plainlogback.bench.VirtualThreadRequests
 * [requests] [out.md]}
 */
public final class VirtualThreadRequests {
  static final int CUSTOMERS = 5_000;
  static final int IN_FLIGHT = 256;
  static final int CHECKPOINTS = 5;

  private VirtualThreadRequests() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("fork")) {
      fork(args[1], Integer.parseInt(args[2]));
      return;
    }
    if (args.length > 0 && args[0].equals("alternate")) {
      alternate(Integer.parseInt(args[1]));
      return;
    }
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    String out = args.length > 1 ? args[1] : null;
    int forks = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    ExecutorService probe = virtualThreadPerTask();
    if (probe == null) {
      String message =
          "skipped: virtual threads need Java 21+, this is " + System.getProperty("java.version");
      System.out.println(message);
      write(out, "# Virtual-thread requests\n\n" + message + "\n");
      return;
    }
    probe.shutdown();
    // Each side in JVMs of its own (forks), alternating, so neither sees the other's heap or always
    // runs warmer.
    List<Result> bare = new ArrayList<>();
    List<Result> plain = new ArrayList<>();
    for (int f = 0; f < forks; f++) {
      bare.add(spawn("bare", requests));
      plain.add(spawn("plain", requests));
    }
    StringBuilder md = new StringBuilder();
    md.append("# Virtual-thread requests\n\n")
        .append(
            String.format(
                Locale.ROOT,
                "- JVM: %s %s, `-Xms1g -Xmx1g`; %,d requests per fork (3 INFO lines each,"
                    + " %,d customers, at most %d in flight), a new virtual thread each; %d forks per side, alternating%n",
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                requests,
                CUSTOMERS,
                IN_FLIGHT,
                forks))
        .append(
            "- Retained: heap used after System.gc() at each checkpoint (after a warm-up of a tenth of the"
                + " requests), in KiB, the mean over the forks; the difference is the appender's side minus Logback"
                + " alone.\n\n")
        .append(
            "| requests so far | Logback alone KiB | with the appender KiB | difference KiB |\n|---|---|---|---|\n");
    long worst = Long.MIN_VALUE;
    for (int c = 0; c <= CHECKPOINTS; c++) {
      long b = mean(bare, c);
      long p = mean(plain, c);
      worst = Math.max(worst, p - b);
      md.append(
          String.format(
              Locale.ROOT,
              "| %,d | %,d | %,d | %+,d |%n",
              (long) requests * c / CHECKPOINTS,
              b / 1024,
              p / 1024,
              (p - b) / 1024));
    }
    double bareMs = bare.stream().mapToLong(Result::nanos).average().orElseThrow() / 1e6;
    double plainMs = plain.stream().mapToLong(Result::nanos).average().orElseThrow() / 1e6;
    md.append(
        String.format(
            Locale.ROOT,
            "%nWorst difference: %+,d KiB (target: at most 16 MiB, flat).%n%n"
                + "Time for the requests: Logback alone %,.0f ms (forks: %s), with the appender %,.0f ms (forks: %s):"
                + " ratio %.2f (target ≤ 1.3).%n",
            worst / 1024,
            bareMs,
            millis(bare),
            plainMs,
            millis(plain),
            plainMs / bareMs));
    md.append(alternating(requests / 5));
    System.out.print(md);
    write(out, md.toString());
  }

  static final int BLOCKS = 20;

  /**
   * Both sides in one JVM, in alternating blocks after a warm-up of each: the same JIT, heap and
   * machine moment for both, so the time ratio moves far less with other work on the machine than
   * the forks' does; and the bytes each side allocates per request, which do not move at all.
   */
  private static String alternating(int perBlock) throws Exception {
    Process p = startJvm("alternate", String.valueOf(perBlock));
    StringBuilder md = new StringBuilder();
    try (var lines =
        new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.startsWith("| ") || line.startsWith("One JVM") || line.startsWith("Blocks:")) {
          md.append(line).append('\n');
        }
        System.out.println("  [alternate] " + line);
      }
    }
    if (p.waitFor() != 0) {
      throw new IllegalStateException("alternating fork failed");
    }
    return "\n" + md;
  }

  private static void alternate(int perBlock) throws Exception {
    String[] customers = customers();
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    try (StalledPlain stalled = new StalledPlain()) {
      LoggerContext bare = Contexts.bare();
      LoggerContext plain = Contexts.plain(stalled.graphqlUrl(), LoggingPathBenchmark.NO_LIMITS);
      long[] bytes = new long[2];
      LoggerContext[] sides = {bare, plain};
      for (int s = 0; s < 2; s++) {
        run(sides[s], customers, perBlock, 1); // warm-up
        long before = threads.getTotalThreadAllocatedBytes();
        run(sides[s], customers, perBlock, 1);
        bytes[s] = threads.getTotalThreadAllocatedBytes() - before;
      }
      List<Double> ratios = new ArrayList<>();
      long bareNanos = 0;
      long plainNanos = 0;
      StringBuilder blocks = new StringBuilder();
      for (int b = 0; b < BLOCKS; b++) {
        long x = run(bare, customers, perBlock, 1).nanos();
        long y = run(plain, customers, perBlock, 1).nanos();
        bareNanos += x;
        plainNanos += y;
        ratios.add((double) y / x);
        blocks.append(String.format(Locale.ROOT, " %.2f", (double) y / x));
      }
      ratios.sort(null);
      System.out.printf(
          Locale.ROOT,
          "One JVM, both sides in %d alternating blocks of %,d requests after a warm-up of each:"
              + " Logback alone %,.0f ns a request, with the appender %,.0f ns: ratio %.2f (median"
              + " block %.2f; target ≤ 1.3). Allocated a request (all threads): Logback alone %,d"
              + " B, with the appender %,d B (%+,d B).%n",
          BLOCKS,
          perBlock,
          bareNanos / (double) perBlock / BLOCKS,
          plainNanos / (double) perBlock / BLOCKS,
          (double) plainNanos / bareNanos,
          (ratios.get(BLOCKS / 2 - 1) + ratios.get(BLOCKS / 2)) / 2,
          bytes[0] / perBlock,
          bytes[1] / perBlock,
          (bytes[1] - bytes[0]) / perBlock);
      System.out.println("Blocks: ratio of each block," + blocks);
      bare.stop();
      plain.stop();
    }
  }

  private static String[] customers() {
    String[] customers = new String[CUSTOMERS];
    for (int i = 0; i < CUSTOMERS; i++) {
      customers[i] = "customer" + i + "@example.com";
    }
    return customers;
  }

  private static long mean(List<Result> results, int checkpoint) {
    return (long)
        results.stream().mapToLong(r -> r.retained.get(checkpoint)).average().orElseThrow();
  }

  private static String millis(List<Result> results) {
    return results.stream()
        .map(r -> String.format(Locale.ROOT, "%,.0f", r.nanos / 1e6))
        .collect(java.util.stream.Collectors.joining(", "));
  }

  /** This program in a JVM of its own (this one's Java and class path, a 1 GiB heap). */
  private static Process startJvm(String... args) throws java.io.IOException {
    List<String> command = new ArrayList<>();
    command.add(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(
        List.of(
            "-Xms1g",
            "-Xmx1g",
            "-cp",
            System.getProperty("java.class.path"),
            VirtualThreadRequests.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  private static Result spawn(String side, int requests) throws Exception {
    Process p = startJvm("fork", side, String.valueOf(requests));
    String result = null;
    try (var lines =
        new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.startsWith("RESULT ")) {
          result = line;
        } else {
          System.out.println("  [" + side + "] " + line);
        }
      }
    }
    if (p.waitFor() != 0 || result == null) {
      throw new IllegalStateException(side + " fork failed");
    }
    String[] parts = result.split(" ");
    List<Long> retained = new ArrayList<>();
    for (String r : parts[2].split(",")) {
      retained.add(Long.parseLong(r));
    }
    System.out.println(
        "  ["
            + side
            + "] "
            + String.format(Locale.ROOT, "%,.0f ms", Long.parseLong(parts[1]) / 1e6)
            + ", retained KiB "
            + retained.stream()
                .map(r -> String.valueOf(r / 1024))
                .collect(java.util.stream.Collectors.joining(" ")));
    return new Result(Long.parseLong(parts[1]), retained);
  }

  /**
   * One side in this JVM: a warm-up, then the requests with the retained heap at the start and each
   * checkpoint.
   */
  private static void fork(String side, int requests) throws Exception {
    String[] customers = customers();
    try (StalledPlain stalled = new StalledPlain()) {
      LoggerContext context =
          side.equals("plain")
              ? Contexts.plain(stalled.graphqlUrl(), LoggingPathBenchmark.NO_LIMITS)
              : Contexts.bare();
      run(context, customers, requests / 10, 1);
      long start = retainedHeap();
      Result r = run(context, customers, requests, CHECKPOINTS);
      StringBuilder line = new StringBuilder("RESULT ").append(r.nanos).append(' ').append(start);
      r.retained.forEach(v -> line.append(',').append(v));
      System.out.println(line);
      context.stop();
    }
  }

  record Result(long nanos, List<Long> retained) {}

  /**
   * {@code requests} requests on new virtual threads, with the heap retained measured {@code
   * checkpoints} times.
   */
  static Result run(LoggerContext context, String[] customers, int requests, int checkpoints)
      throws Exception {
    Logger log = context.getLogger("shop.Checkout");
    MDCAdapter mdc = context.getMDCAdapter();
    List<Long> retained = new ArrayList<>();
    long nanos = 0;
    int done = 0;
    for (int c = 1; c <= checkpoints; c++) {
      int until = (int) ((long) requests * c / checkpoints);
      long start = System.nanoTime();
      ExecutorService threads = virtualThreadPerTask();
      {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        for (int i = done; i < until; i++) {
          inFlight.acquire();
          String customer = customers[i % customers.length];
          int order = i;
          threads.execute(
              () -> {
                try {
                  mdc.put("customerEmail", customer);
                  log.info("Added item {} to the cart", order % 97);
                  log.info("Cart has {} items", 3);
                  log.info("Checkout started for order {}", order);
                } finally {
                  mdc.remove("customerEmail");
                  inFlight.release();
                }
              });
        }
        threads.shutdown();
        if (!threads.awaitTermination(10, TimeUnit.MINUTES)) {
          throw new IllegalStateException("requests did not finish");
        }
      }
      nanos += System.nanoTime() - start;
      done = until;
      retained.add(retainedHeap());
    }
    return new Result(nanos, retained);
  }

  static long retainedHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** {@code Executors.newVirtualThreadPerTaskExecutor()} on Java 21+, else null. */
  static ExecutorService virtualThreadPerTask() {
    try {
      return (ExecutorService)
          Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      return null;
    }
  }

  private static void write(String path, String text) throws java.io.IOException {
    if (path != null) {
      java.nio.file.Files.writeString(java.nio.file.Path.of(path), text);
    }
  }
}
