package io.github.plainlogback.internal.logback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import io.github.plainlogback.MapCountingMdcAdapter;
import io.github.plainlogback.internal.report.Breadcrumb;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The trail's own rules; the end-to-end tests show them through a configured appender. */
class BreadcrumbTrailTest {
  private final LoggerContext context = new LoggerContext();
  private final BreadcrumbTrail trail = new BreadcrumbTrail(3);

  {
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
  }

  private LoggingEvent line(String message) {
    return new LoggingEvent(
        "fqcn", context.getLogger("shop.Cart"), Level.INFO, message, null, null);
  }

  private List<String> messages(String customer) {
    return trail.lines(line("probe"), customer).stream().map(Breadcrumb::message).toList();
  }

  @Test
  void aSweepEmptiesOnlyTrailsThatRecordedNothingSinceThePreviousOne() {
    String jane = new String("jane@example.com");
    trail.record(line("one"), jane);
    trail.sweep();
    assertThat(messages(jane)).as("recorded since the last sweep").containsExactly("one");

    trail.record(line("two"), jane);
    trail.sweep();
    assertThat(messages(jane)).containsExactly("one", "two");

    trail.sweep(); // nothing recorded since the previous sweep
    assertThat(messages(jane)).isEmpty();

    trail.record(line("three"), jane);
    assertThat(messages(jane)).as("the ring goes on after a sweep").containsExactly("three");
    assertThat(trail.sweeps()).isEqualTo(3);
  }

  @Test
  void aQuietPoolThreadsTrailIsSweptFromAnotherThread() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      String jane = new String("jane@example.com");
      pool.submit(() -> trail.record(line("on the pool thread"), jane)).get();
      trail.sweep();
      assertThat(pool.submit(() -> messages(jane)).get()).containsExactly("on the pool thread");
      trail.sweep();
      assertThat(pool.submit(() -> messages(jane)).get()).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aRingGrowsToItsCapacityAndThenKeepsTheLastLines() {
    BreadcrumbTrail ten = new BreadcrumbTrail(10);
    String jane = new String("jane@example.com");
    for (int i = 1; i <= 13; i++) {
      ten.record(line("line " + i), jane);
      if (i == 9) {
        assertThat(ten.lines(line("probe"), jane)).as("before it wraps").hasSize(9);
      }
    }
    assertThat(ten.lines(line("probe"), jane).stream().map(Breadcrumb::message))
        .containsExactly(
            "line 4", "line 5", "line 6", "line 7", "line 8", "line 9", "line 10", "line 11",
            "line 12", "line 13");
  }

  @Test
  void forgetAllEmptiesEveryThreadsTrail() {
    String jane = new String("jane@example.com");
    trail.record(line("one"), jane);
    trail.forgetAll();
    assertThat(messages(jane)).isEmpty();
  }

  @Test
  void rememberReadsTheCustomerFromTheMdcAndALineWithoutOneEndsTheRequest() {
    String jane = new String("jane@example.com");
    context.getMDCAdapter().put("customerEmail", jane);
    trail.remember(line("with jane"), "customerEmail");
    assertThat(messages(jane)).containsExactly("with jane");
    context.getMDCAdapter().put("customerEmail", " ");
    trail.remember(line("blank customer"), "customerEmail");
    context.getMDCAdapter().put("customerEmail", jane);
    assertThat(messages(jane)).as("a blank customer ended the request").isEmpty();
  }

  @Test
  void aThreadThatNeverCarriesACustomerGetsNoStateAndStopLetsGoOfEveryThreadsState()
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try {
      boolean stateWithoutCustomer =
          pool.submit(
                  () -> {
                    trail.remember(line("health check"), "customerEmail");
                    trail.endRequest(line("done"));
                    return trail.holdsStateOnThisThread();
                  })
              .get();
      assertThat(stateWithoutCustomer).as("lines without a customer create nothing").isFalse();

      boolean stateWithCustomer =
          pool.submit(
                  () -> {
                    trail.record(line("added item"), "jane@example.com");
                    return trail.holdsStateOnThisThread();
                  })
              .get();
      assertThat(stateWithCustomer).isTrue();

      trail.forgetAll();
      boolean stateAfterStop = pool.submit(trail::holdsStateOnThisThread).get();
      assertThat(stateAfterStop).as("the pooled thread keeps nothing of ours").isFalse();
      boolean stateAfterALateLine =
          pool.submit(
                  () -> {
                    trail.record(line("raced with stop"), "jane@example.com");
                    return trail.holdsStateOnThisThread();
                  })
              .get();
      assertThat(stateAfterALateLine).as("a line that raced with stop() is not kept").isFalse();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void moreThreadsThanTheTableHoldsNeverSeeEachOthersLines() throws Exception {
    // New threads, each logging for a customer of its own, 64 at a time: twice what the table
    // holds passes through it, so slots are taken over from finished and from live threads.
    List<String> wrong = new java.util.concurrent.CopyOnWriteArrayList<>();
    int threads = 2 * BreadcrumbTrail.SLOTS;
    for (int batch = 0; batch < threads; batch += 64) {
      List<Thread> running = new java.util.ArrayList<>();
      for (int i = batch; i < batch + 64; i++) {
        String customer = "customer" + i + "@example.com";
        String suffix = " of " + i;
        Thread t =
            new Thread(
                () -> {
                  trail.record(line("first" + suffix), customer);
                  trail.record(line("second" + suffix), customer);
                  for (String m : messages(customer)) {
                    if (!m.endsWith(suffix)) {
                      wrong.add(m + " seen by " + suffix);
                    }
                  }
                });
        running.add(t);
        t.start();
      }
      for (Thread t : running) {
        t.join();
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(trail.holdsStateOnThisThread()).as("this thread never logged").isFalse();
  }

  @Test
  void anErrorsLineIsKeptWithoutItsThrowableAndFormattedOnlyWhenNeeded() {
    String jane = new String("jane@example.com");
    LoggingEvent error =
        new LoggingEvent(
            "fqcn",
            context.getLogger("shop.Checkout"),
            Level.ERROR,
            "Checkout failed for order {}",
            new IllegalStateException("declined"),
            new Object[] {42});
    trail.recordLine(error, jane);
    List<Breadcrumb> lines = trail.lines(line("probe"), jane);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).message()).isEqualTo("Checkout failed for order 42");
    assertThat(lines.get(0).level()).isEqualTo("ERROR");
    assertThat(lines.get(0).loggerName()).isEqualTo("shop.Checkout");
  }

  @Test
  void errorLinesGoingRoundTheRingKeepTheirOwnOrderAndText() {
    // The ring (3 lines) reuses an error's line object when it comes round to it again: what is
    // read back must be the last three errors, each with its own time, level, logger and text.
    String jane = new String("jane@example.com");
    for (int i = 1; i <= 7; i++) {
      LoggingEvent error =
          new LoggingEvent(
              "fqcn",
              context.getLogger(i % 2 == 0 ? "shop.Payments" : "shop.Checkout"),
              i == 6 ? Level.WARN : Level.ERROR,
              "Failure {}",
              new IllegalStateException("declined"),
              new Object[] {i});
      error.setTimeStamp(1_000L * i);
      if (i == 5) {
        trail.record(line("plain line 5"), jane); // an event between the errors
      } else {
        trail.recordLine(error, jane);
      }
    }
    List<Breadcrumb> lines = trail.lines(line("probe"), jane);
    assertThat(lines)
        .extracting(Breadcrumb::message, Breadcrumb::level, Breadcrumb::loggerName)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("plain line 5", "INFO", "shop.Cart"),
            org.assertj.core.groups.Tuple.tuple("Failure 6", "WARN", "shop.Payments"),
            org.assertj.core.groups.Tuple.tuple("Failure 7", "ERROR", "shop.Checkout"));
    assertThat(lines.get(1).timestampMillis()).isEqualTo(6_000L);
    assertThat(lines.get(2).timestampMillis()).isEqualTo(7_000L);
  }

  @Test
  void linesWithTheSameMdcMapGoOnAndEveryChangeOfTheMdcIsSeen() {
    // After the first line of a request only the MDC map's identity is compared (Logback hands
    // out a new read-only map whenever the MDC changes): these are the changes that must show.
    String jane = new String("jane@example.com");
    String bob = new String("bob@example.com");
    var mdc = context.getMDCAdapter();
    mdc.put("customerEmail", jane);
    trail.remember(line("one"), "customerEmail");
    trail.remember(line("two"), "customerEmail");
    assertThat(messages(jane)).containsExactly("one", "two");

    mdc.put("orderId", "42"); // a key added during the request keeps the trail
    trail.remember(line("three"), "customerEmail");
    assertThat(messages(jane)).containsExactly("one", "two", "three");

    mdc.put("customerEmail", bob); // another customer: a new trail
    trail.remember(line("for bob"), "customerEmail");
    assertThat(messages(bob)).containsExactly("for bob");

    mdc.remove("customerEmail"); // the request is over
    trail.remember(line("no customer"), "customerEmail");
    mdc.put("customerEmail", bob);
    trail.remember(line("bob again"), "customerEmail");
    assertThat(messages(bob)).containsExactly("bob again");
  }

  @Test
  void eventsOfOtherThreadsAppendedOnOneThreadKeepTheirOwnTrails() throws Exception {
    // As behind AsyncAppender: each event is made, with its thread's MDC map, on the thread that
    // logged it, and the trail sees them all on one appending thread.
    ExecutorService a = Executors.newSingleThreadExecutor(r -> new Thread(r, "request-a"));
    ExecutorService b = Executors.newSingleThreadExecutor(r -> new Thread(r, "request-b"));
    try {
      String jane = new String("jane@example.com");
      // One request on each thread: the customer is put once, so each thread has one MDC map.
      a.submit(() -> context.getMDCAdapter().put("customerEmail", jane)).get();
      b.submit(() -> context.getMDCAdapter().put("customerEmail", jane)).get();
      java.util.function.BiFunction<ExecutorService, String, LoggingEvent> logged =
          (thread, message) -> {
            try {
              return thread
                  .submit(
                      () -> {
                        LoggingEvent e = line(message);
                        e.prepareForDeferredProcessing();
                        return e;
                      })
                  .get();
            } catch (Exception ex) {
              throw new IllegalStateException(ex);
            }
          };
      for (int i = 0; i < 3; i++) {
        trail.remember(logged.apply(a, "a" + i), "customerEmail");
        trail.remember(logged.apply(b, "b" + i), "customerEmail");
        trail.remember(logged.apply(b, "b" + i + "'"), "customerEmail");
      }
      List<String> ofA =
          trail.lines(logged.apply(a, "probe"), jane).stream().map(Breadcrumb::message).toList();
      List<String> ofB =
          trail.lines(logged.apply(b, "probe"), jane).stream().map(Breadcrumb::message).toList();
      assertThat(ofA).containsExactly("a0", "a1", "a2");
      assertThat(ofB).as("the last three").containsExactly("b1'", "b2", "b2'");
    } finally {
      a.shutdownNow();
      b.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- on virtual threads (Java 21+)

  /** {@code task} on a new virtual thread, or the test is skipped on a JVM without them. */
  private static <T> T onVirtualThread(Callable<T> task) throws Exception {
    ExecutorService threads;
    try {
      threads =
          (ExecutorService)
              Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
    } catch (ReflectiveOperationException e) {
      Assumptions.abort(
          "virtual threads need Java 21+; this JVM is " + System.getProperty("java.version"));
      throw new AssertionError(e);
    }
    try {
      return threads.submit(task).get();
    } finally {
      threads.shutdown();
    }
  }

  @Test
  void aVirtualThreadsLinesReadItsMdcWithoutLogbackCopyingIt() throws Exception {
    LoggerContext counted = new LoggerContext();
    MapCountingMdcAdapter mdc = new MapCountingMdcAdapter();
    counted.setMDCAdapter(mdc);
    BreadcrumbTrail live = new BreadcrumbTrail(3, null, counted);
    String jane = new String("jane@example.com");
    List<String> lines =
        onVirtualThread(
            () -> {
              mdc.put("customerEmail", jane);
              for (String m : List.of("one", "two", "three", "four")) {
                live.remember(
                    new LoggingEvent(
                        "fqcn", counted.getLogger("shop.Cart"), Level.INFO, m, null, null),
                    "customerEmail");
              }
              int asked = mdc.mapsAsked();
              List<String> kept =
                  live
                      .lines(
                          new LoggingEvent(
                              "fqcn",
                              counted.getLogger("shop.Cart"),
                              Level.INFO,
                              "probe",
                              null,
                              null),
                          jane)
                      .stream()
                      .map(Breadcrumb::message)
                      .toList();
              return asked == 0 ? kept : List.of("the MDC map was asked for " + asked + " times");
            });
    assertThat(lines)
        .as("the last three, past the first array's size")
        .containsExactly("two", "three", "four");
  }

  /**
   * The trail's rules on a virtual thread, whose MDC is read live: customer, request id and a line
   * without a customer; an ERROR in between keeps the request's trail.
   */
  @Test
  void onAVirtualThreadTheCustomerAndRequestIdDelimitRequestsAndErrorsKeepTheTrail()
      throws Exception {
    LoggerContext c = new LoggerContext();
    c.setMDCAdapter(new LogbackMDCAdapter());
    BreadcrumbTrail live = new BreadcrumbTrail(5, "requestId", c);
    String jane = new String("jane@example.com");
    String bob = new String("bob@example.com");
    List<String> seen =
        onVirtualThread(
            () -> {
              var mdc = c.getMDCAdapter();
              List<String> out = new java.util.ArrayList<>();
              java.util.function.Function<String, LoggingEvent> info =
                  m ->
                      new LoggingEvent("fqcn", c.getLogger("shop.Cart"), Level.INFO, m, null, null);
              java.util.function.Function<String, List<String>> of =
                  who ->
                      live.lines(info.apply("probe"), who).stream()
                          .map(Breadcrumb::message)
                          .toList();
              mdc.put("customerEmail", jane);
              mdc.put("requestId", "r1");
              live.remember(info.apply("one"), "customerEmail");
              mdc.put("orderId", "42"); // a key added during the request keeps the trail
              live.remember(info.apply("two"), "customerEmail");
              LoggingEvent error =
                  new LoggingEvent(
                      "fqcn",
                      c.getLogger("shop.Checkout"),
                      Level.ERROR,
                      "failed",
                      new IllegalStateException(),
                      null);
              out.add("before the error: " + of.apply(jane));
              live.recordLine(error, jane);
              live.remember(info.apply("three"), "customerEmail");
              out.add("after the error: " + of.apply(jane));
              mdc.put("requestId", "r2"); // another request id: a new trail
              live.remember(info.apply("r2 one"), "customerEmail");
              out.add("r2: " + of.apply(jane));
              mdc.put("customerEmail", bob); // another customer: a new trail
              live.remember(info.apply("bob one"), "customerEmail");
              out.add("bob: " + of.apply(bob));
              mdc.remove("customerEmail"); // the request is over
              live.remember(info.apply("no customer"), "customerEmail");
              mdc.put("customerEmail", bob);
              out.add("after the end: " + of.apply(bob));
              return out;
            });
    assertThat(seen)
        .containsExactly(
            "before the error: [one, two]",
            "after the error: [one, two, failed, three]",
            "r2: [r2 one]",
            "bob: [bob one]",
            "after the end: []");
  }
}
