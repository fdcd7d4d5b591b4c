package io.github.plainlogback.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a logging call costs the caller with the appender attached, each case next to its baseline
 * in the same run: the same call on a logger whose context has no appender ({@code *_baseline}), or
 * with breadcrumbs off, or with Sentry's appender instead. Delivery is stalled throughout (a
 * loopback port that never answers), the worst case for the caller: the queue is full and stays
 * full.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LoggingPathBenchmark {
  static final String EMAIL = "jane@example.com";
  static final String NO_LIMITS =
      "<maxThreadsPerMinute>100000000</maxThreadsPerMinute>"
          + "<maxThreadsPerCustomerPerHour>100000000</maxThreadsPerCustomerPerHour>";

  /** The contexts, built once per fork. */
  @State(Scope.Benchmark)
  public static class Contexts_ {
    StalledPlain stalled;
    LoggerContext bare;
    LoggerContext plain;
    LoggerContext plainNoBreadcrumbs;
    LoggerContext sentry;
    LoggerContext bareNoCustomer;
    LoggerContext plainNoCustomer;
    LoggerContext floor;
    LoggerContext floorMdc;
    LoggerContext floorStore;

    @Setup(Level.Trial)
    public void start() throws IOException {
      stalled = new StalledPlain();
      bare = Contexts.bare();
      plain = Contexts.plain(stalled.graphqlUrl(), NO_LIMITS);
      plainNoBreadcrumbs =
          Contexts.plain(stalled.graphqlUrl(), NO_LIMITS + "<breadcrumbs>0</breadcrumbs>");
      sentry = Contexts.sentry(stalled.port());
      bareNoCustomer = Contexts.bare();
      plainNoCustomer = Contexts.plain(stalled.graphqlUrl(), NO_LIMITS);
      floor = Contexts.floor();
      floorMdc = Contexts.part("mdc");
      floorStore = Contexts.part("store");
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
      for (LoggerContext c :
          new LoggerContext[] {
            bare,
            plain,
            plainNoBreadcrumbs,
            sentry,
            bareNoCustomer,
            plainNoCustomer,
            floor,
            floorMdc,
            floorStore
          }) {
        c.stop();
      }
      stalled.close();
    }
  }

  /**
   * The calling thread: its MDC holds the signed-in customer, as a request filter would have put
   * it.
   */
  @State(Scope.Thread)
  public static class Caller {
    Logger bare;
    Logger plain;
    Logger plainNoBreadcrumbs;
    Logger sentry;
    Logger bareNoCustomer;
    Logger plainNoCustomer;
    Logger floor;
    Logger floorMdc;
    Logger floorStore;

    /** 40 frames below the benchmark method. */
    IllegalStateException failure;

    long unique;

    @Setup(Level.Trial)
    public void enterRequest(Contexts_ c) {
      for (LoggerContext context :
          new LoggerContext[] {
            c.bare, c.plain, c.plainNoBreadcrumbs, c.sentry, c.floor, c.floorMdc, c.floorStore
          }) {
        context.getMDCAdapter().put("customerEmail", EMAIL);
      }
      bare = c.bare.getLogger("shop.Checkout");
      plain = c.plain.getLogger("shop.Checkout");
      plainNoBreadcrumbs = c.plainNoBreadcrumbs.getLogger("shop.Checkout");
      sentry = c.sentry.getLogger("shop.Checkout");
      bareNoCustomer = c.bareNoCustomer.getLogger("shop.Checkout");
      plainNoCustomer = c.plainNoCustomer.getLogger("shop.Checkout");
      floor = c.floor.getLogger("shop.Checkout");
      floorMdc = c.floorMdc.getLogger("shop.Checkout");
      floorStore = c.floorStore.getLogger("shop.Checkout");
      failure = Contexts.deepException(40);
      // The first occurrence: from here on, the same error for the same customer is a dedupe hit.
      plain.error("Checkout failed", failure);
      sentry.error("Checkout failed", failure);
    }
  }

  // ------------------------------------------------------------------ info, with a customer in the
  // MDC

  @Benchmark
  public void info_baseline(Caller c) {
    c.bare.info("Added item {} to the cart", 42);
  }

  @Benchmark
  public void info_plain(Caller c) {
    c.plain.info("Added item {} to the cart", 42);
  }

  @Benchmark
  public void info_plainBreadcrumbsOff(Caller c) {
    c.plainNoBreadcrumbs.info("Added item {} to the cart", 42);
  }

  @Benchmark
  public void info_floor(Caller c) {
    c.floor.info("Added item {} to the cart", 42);
  }

  /** Half of the floor: only the MDC read. */
  @Benchmark
  public void info_floorMdcRead(Caller c) {
    c.floorMdc.info("Added item {} to the cart", 42);
  }

  /** The other half: only the thread-local store. */
  @Benchmark
  public void info_floorThreadLocalStore(Caller c) {
    c.floorStore.info("Added item {} to the cart", 42);
  }

  // ------------------------------------------------------------------ error without a customer

  @Benchmark
  public void errorNoEmail_baseline(Caller c) {
    c.bareNoCustomer.error("Checkout failed", c.failure);
  }

  @Benchmark
  public void errorNoEmail_plain(Caller c) {
    c.plainNoCustomer.error("Checkout failed", c.failure);
  }

  // ------------------------------------------------------------------ the same error again (dedupe
  // hit)

  @Benchmark
  public void errorDuplicate_baseline(Caller c) {
    c.bare.error("Checkout failed", c.failure);
  }

  @Benchmark
  public void errorDuplicate_plain(Caller c) {
    c.plain.error("Checkout failed", c.failure);
  }

  @Benchmark
  public void errorDuplicate_sentry(Caller c) {
    c.sentry.error("Checkout failed", c.failure);
  }

  // ------------------------------------------------------------------ the same error again, a new
  // exception each time (the same 40 frames: a dedupe hit, but no instance seen before)

  @Benchmark
  public void errorDuplicateFresh_baseline(Caller c) {
    c.bare.error("Checkout failed", Contexts.deepException(40));
  }

  @Benchmark
  public void errorDuplicateFresh_plain(Caller c) {
    c.plain.error("Checkout failed", Contexts.deepException(40));
  }

  @Benchmark
  public void errorDuplicateFresh_sentry(Caller c) {
    c.sentry.error("Checkout failed", Contexts.deepException(40));
  }

  // ------------------------------------------------------------------ a new error every call,
  // delivery stalled

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public void errorUnique_baseline(Caller c) {
    c.bare.error("Checkout failed " + c.unique++);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public void errorUnique_plain(Caller c) {
    c.plain.error("Checkout failed " + c.unique++);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public void errorUnique_sentry(Caller c) {
    c.sentry.error("Checkout failed " + c.unique++);
  }
}
