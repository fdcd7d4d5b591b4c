package io.github.plainlogback.internal.delivery;

import io.github.plainlogback.internal.plain.PlainResponse;
import io.github.plainlogback.internal.report.EmailAddresses;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.status.ThrottledStatus;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * One named daemon thread that delivers reports in order, and the policy for when Plain fails:
 * retries with backoff, a pause of all sending while Plain rate-limits us, and a cool-down after an
 * authentication failure. Its parts: the {@link HandOffQueue} from logging threads, the {@link
 * SendGate}, the {@link RepeatSender} and the {@link SpoolReplayer}.
 *
 * <p>{@link #offer} is lock-free and never waits. The worker parks when idle and is unparked only
 * when it actually sleeps, so a busy producer does not pay for a wake-up per report.
 */
public final class DeliveryWorker {
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

  /** While waiting, how often the worker checks whether queued reports must move to the spool. */
  private static final long SPILL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /**
   * Settings of the failure and recurrence policy.
   *
   * @param recurrenceInterval the least time between two "Happened again" events on one thread
   * @param instanceId distinguishes this instance's event ids from other instances'
   */
  public record Policy(
      RetryPolicy retry,
      Duration authFailureBackoff,
      Duration recurrenceInterval,
      String instanceId) {}

  /**
   * A task the worker runs every {@code every} on its clock, between deliveries (e.g. emptying the
   * breadcrumb trails of quiet threads), so the library needs no thread of its own for it.
   */
  public record Chore(Duration every, Runnable task) {
    /** No chore (it would first run in a hundred years, and does nothing). */
    public static final Chore NONE = new Chore(Duration.ofDays(36_500), () -> {});
  }

  /**
   * What the worker works with.
   *
   * @param admission told where each first occurrence went (or that it was not delivered, so it may
   *     be reported again), and the source of repeats to aggregate
   * @param cancelInFlight cancels what a delivery is blocked on (in-flight HTTP calls) when stop
   *     runs out of time
   * @param spool where what cannot be delivered now is kept; {@link Spool#NONE} for none
   * @param chore run every {@link Chore#every()} between deliveries; {@link Chore#NONE} for none
   */
  public record Parts(
      ReportDelivery delivery,
      AdmissionLedger admission,
      DeliveryCounters counters,
      ThrottledStatus status,
      DeliveryClock clock,
      Runnable cancelInFlight,
      Spool spool,
      Chore chore) {}

  private final HandOffQueue queue;
  private final ReportDelivery delivery;
  private final DeliveryCounters counters;
  private final ThrottledStatus status;
  private final RetryPolicy retry;
  private final DeliveryClock clock;
  private final AdmissionLedger admission;
  private final Runnable cancelInFlight;
  private final Chore chore;
  private final SendGate gate;
  private final SpoolReplayer spool;
  private final RepeatSender repeats;
  private final Thread thread;

  /** Clock time of the chore's next run. Worker thread only. */
  private long choreDue;

  private volatile boolean idle;

  /** Set when the worker ended because of a bug; null while it runs. */
  private volatile @Nullable Throwable deathCause;

  private volatile int inFlight;

  public DeliveryWorker(String threadName, int capacity, Policy policy, Parts parts) {
    this.queue = new HandOffQueue(capacity);
    this.delivery = parts.delivery();
    this.counters = parts.counters();
    this.status = parts.status();
    this.retry = policy.retry();
    this.clock = parts.clock();
    this.admission = parts.admission();
    this.cancelInFlight = parts.cancelInFlight();
    this.chore = parts.chore();
    this.choreDue = clock.nanos() + chore.every().toNanos();
    this.gate = new SendGate(clock, policy.authFailureBackoff(), counters, status);
    this.spool = new SpoolReplayer(parts.spool(), clock, counters, admission);
    this.repeats =
        new RepeatSender(
            delivery,
            admission,
            counters,
            gate,
            clock,
            policy.recurrenceInterval(),
            policy.instanceId(),
            spool::plainAnswered);
    this.thread = new Thread(this::run, threadName);
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** The spool's size in bytes as last measured; 0 without one. */
  public long spoolBytes() {
    return spool.bytes();
  }

  /**
   * The worker thread, so the appender can ignore events it logs (e.g. through a bridged JUL
   * logger).
   */
  public Thread thread() {
    return thread;
  }

  /**
   * Queues a report for delivery; returns false at once when the queue is full, the worker stopped
   * or {@link #stop} ran. A report that races with stop() is either drained (and counted) by stop()
   * or counted here: never lost uncounted.
   */
  public boolean offer(ErrorReport report) {
    if (deathCause != null) {
      return false;
    }
    switch (queue.offer(report)) {
      case REFUSED:
        return false;
      case LEFT_AT_CLOSE:
        counters.droppedShutdown.increment();
        forget(report);
        return true; // taken and counted: the caller must not count it again
      default:
        if (idle) {
          LockSupport.unpark(thread);
        }
        return true;
    }
  }

  /** Why the worker stopped for good (a bug), or null while it runs. */
  public @Nullable Throwable deathCause() {
    return deathCause;
  }

  /** Whether stop() ran: offers are refused. */
  public boolean isClosed() {
    return queue.isClosed();
  }

  /** Whether a report offered now would fit (a hint: another thread may take the place first). */
  public boolean hasRoom() {
    return queue.hasRoom();
  }

  /** Reports waiting in the queue. */
  public int queueDepth() {
    return queue.depth();
  }

  /** 1 while a report is being delivered or waits for its retry, else 0. */
  public int inFlight() {
    return inFlight;
  }

  private void run() {
    try {
      loop();
    } catch (Throwable t) {
      // Only a bug outside any one report's delivery gets here: say so once, and make the
      // appender say "stopped" instead of "queue full" from now on.
      deathCause = t;
      status
          .sink()
          .error(
              "The Plain delivery worker stopped and nothing more will be sent until the appender is"
                  + " restarted: "
                  + t);
    }
  }

  private void loop() {
    while (true) {
      runChoreIfDue();
      boolean replayed = replayOne();
      ErrorReport report = queue.poll();
      if (report == null) {
        if (replayed) {
          continue;
        }
        if (queue.isClosed()) {
          if (!queue.pastStopDeadline()) {
            // tell Plain what was aggregated, while time remains
            repeats.flush(true, queue::pastStopDeadline);
          }
          return;
        }
        repeats.flush(false, queue::pastStopDeadline);
        idle = true;
        if (queue.isEmpty() && !queue.isClosed()) {
          LockSupport.parkNanos(this, IDLE_PARK_NANOS);
        }
        idle = false;
        continue;
      }
      if (queue.pastStopDeadline()) {
        queue.putBack(report); // counted as left over by stop()
        return;
      }
      inFlight = 1;
      try {
        deliver(new DeliveryAttempt(report));
      } catch (Throwable e) { // e.g. a LinkageError from a mismatched kotlin-stdlib
        rethrowIfFatal(e);
        counters.failed.increment();
        forget(report);
        status.report(
            ThrottledStatus.Level.ERROR,
            "delivery-bug:" + e.getClass().getName(),
            "A report for "
                + EmailAddresses.mask(report.customerEmail())
                + " failed with an unexpected "
                + e
                + "; counted as failed, delivery goes on.");
      } finally {
        inFlight = 0;
      }
    }
  }

  private void runChoreIfDue() {
    if (queue.isClosed()) {
      return;
    }
    long now = clock.nanos();
    if (now - choreDue >= 0) {
      choreDue = now + chore.every().toNanos();
      try {
        chore.task().run();
      } catch (RuntimeException | LinkageError e) {
        status.report(ThrottledStatus.Level.WARN, "chore-failed", "A periodic task failed: " + e);
      }
    }
  }

  private void deliver(DeliveryAttempt attempt) {
    while (true) {
      if (gate.inAuthCooldown()) {
        if (!spool.keepForLater(attempt)) {
          counters.droppedAuth.increment();
          // Plain was not called for it: its rate-limit tokens go back.
          admission.release(attempt.report.fingerprint(), attempt.report.customerEmail());
        }
        return;
      }
      if (gate.pauseSet() && !waitOutPause()) {
        leftAtShutdown(attempt);
        return;
      }
      gate.resume();
      DeliveryOutcome outcome = delivery.attempt(attempt);
      if (outcome instanceof DeliveryOutcome.Delivered d) {
        plainAnswered();
        if (attempt.stored != null) {
          spool.replayed(attempt, d);
          return;
        }
        counters.delivered.increment();
        counters.lastDeliveredEpochMillis = System.currentTimeMillis();
        if (d.asEvent()) {
          counters.threadEvents.increment();
        }
        admission.delivered(
            attempt.report.fingerprint(),
            attempt.report.customerEmail(),
            d.threadId(),
            clock.nanos());
        return;
      }
      if (outcome instanceof DeliveryOutcome.Failed) {
        if (attempt.stored != null) {
          spool.refusedForGood(attempt);
          return;
        }
        // Reported by the delivery. The dedupe entry stays, so the same error does not repeat in
        // the window.
        counters.failed.increment();
        admission.failed(attempt.report.fingerprint(), attempt.report.customerEmail());
        return;
      }
      spool.plainFailed();
      if (outcome instanceof DeliveryOutcome.AuthFailed auth) {
        if (!spool.keepForLater(attempt)) {
          counters.failed.increment();
          forget(attempt.report);
        }
        gate.keyRefused(auth.failure());
        return;
      }
      if (!retryLater(attempt, ((DeliveryOutcome.Retry) outcome).failure())) {
        return;
      }
    }
  }

  /**
   * Sets the pause before the next try of a failure that may pass, or gives up on it.
   *
   * @return whether to try again (after the pause)
   */
  private boolean retryLater(DeliveryAttempt attempt, PlainResponse.Failure failure) {
    // Waiting for a rate-limit window is not a failed attempt: a fleet sharing one workspace
    // limit would otherwise give up on reports that only had to wait their turn.
    boolean rateLimited = failure.isRateLimited();
    if (!rateLimited && attempt.retries >= retry.maxRetries()) {
      if (spool.keepForLater(attempt)) {
        status.warn(
            "spooled:" + failure.source() + ":" + failure.httpStatus(),
            "Plain failed "
                + (attempt.retries + 1)
                + " times ("
                + failure.describe()
                + "); kept the report in the spool, to deliver when Plain answers again.");
        return false;
      }
      counters.failed.increment();
      forget(attempt.report);
      status.warn(
          "gave-up:" + failure.source() + ":" + failure.httpStatus(),
          "Gave up on a Plain thread for "
              + EmailAddresses.mask(attempt.report.customerEmail())
              + " (fingerprint "
              + attempt.report.fingerprintHex()
              + ") after "
              + (attempt.retries + 1)
              + " attempts: "
              + failure.describe());
      return false;
    }
    int waits = rateLimited ? ++attempt.rateLimitedWaits : ++attempt.retries;
    counters.retried.increment();
    Duration wait = retry.delay(waits, failure.retryAfter());
    if (rateLimited) {
      status.warn(
          "rate-limited",
          "Plain is rate-limiting this workspace: "
              + failure.describe()
              + ". Pausing all sending for "
              + wait
              + ".");
    } else {
      status.warn(
          "retrying:" + failure.source() + ":" + failure.httpStatus(),
          "Plain call failed, retrying in " + wait.toMillis() + " ms: " + failure.describe());
    }
    // Sequential delivery: while this report waits, every other report waits too, as Plain asked.
    gate.pause(wait);
    return true;
  }

  /** Plain accepted something: the key works, and stored reports may go. */
  private void plainAnswered() {
    gate.keyWorks();
    spool.plainAnswered();
  }

  /**
   * One report's bug (even a LinkageError) must not end delivery; out of memory and other JVM
   * errors are not the report's fault and end the worker, which says so once.
   */
  private static void rethrowIfFatal(Throwable e) {
    if (e instanceof VirtualMachineError vme && !(e instanceof StackOverflowError)) {
      throw vme;
    }
  }

  private void forget(ErrorReport report) {
    admission.forget(report.fingerprint(), report.customerEmail());
  }

  private void leftAtShutdown(DeliveryAttempt attempt) {
    if (spool.keepForLater(attempt)) {
      return;
    }
    counters.droppedShutdown.increment();
    forget(attempt.report);
  }

  /**
   * Delivers the oldest stored report, through the same path as a live one, when replay is due.
   *
   * @return whether it tried one
   */
  private boolean replayOne() {
    if (queue.isClosed()) {
      return false;
    }
    Spool.Stored stored = spool.next(gate.inAuthCooldown());
    if (stored == null) {
      return false;
    }
    DeliveryAttempt attempt = new DeliveryAttempt(stored.report());
    attempt.stored = stored;
    attempt.createMayHaveReachedPlain = stored.mayHaveReachedPlain();
    inFlight = 1;
    try {
      deliver(attempt);
    } catch (Throwable e) { // as for live reports: one report's bug does not end delivery
      rethrowIfFatal(e);
      spool.replayFailed(stored);
      status.report(
          ThrottledStatus.Level.ERROR,
          "delivery-bug:" + e.getClass().getName(),
          "Unexpected error delivering a spooled report: " + e);
    } finally {
      inFlight = 0;
    }
    return true;
  }

  /**
   * Waits out the gate's pause on the clock; false if stop() ran out of time first. Wakes up now
   * and then during a long pause (a 429 window) so chores such as the breadcrumb sweep still run
   * and queued reports can move to the spool.
   */
  private boolean waitOutPause() {
    while (true) {
      spool.spill(queue);
      long stopLeft = queue.nanosToStopDeadline();
      if (stopLeft <= 0) {
        return false;
      }
      long left = gate.pauseLeftNanos();
      if (left <= 0) {
        return true;
      }
      long limit = Math.min(left, stopLeft);
      if (spool.isOn()) {
        limit = Math.min(limit, SPILL_CHECK_NANOS);
      }
      clock.sleep(Math.min(limit, IDLE_PARK_NANOS));
      runChoreIfDue();
      if (Thread.interrupted() && queue.isClosed()) {
        return false;
      }
    }
  }

  /**
   * Lets the worker deliver what is queued for at most {@code timeout}, then cancels what is in
   * flight and ends the worker.
   *
   * @return how many reports were left undelivered
   */
  public int stop(Duration timeout) {
    long droppedBefore = counters.droppedShutdown.sum();
    queue.close(timeout);
    LockSupport.unpark(thread);
    join(timeout);
    if (thread.isAlive()) {
      // A delivery is stuck on Plain: cancel the call and end the thread.
      cancelInFlight.run();
      thread.interrupt();
      join(Duration.ofMillis(500));
    }
    int kept = 0;
    for (ErrorReport r : queue.drain()) {
      if (spool.keepQueued(r)) { // kept for the next start instead of lost
        kept++;
      } else {
        counters.droppedShutdown.increment();
      }
      forget(r);
    }
    if (kept > 0) {
      status.sink().info(kept + " error report(s) kept in the spool for the next start.");
    }
    // A worker still stuck after the cancel owns one more report that it will count itself.
    int stuck = thread.isAlive() ? inFlight : 0;
    return (int) (counters.droppedShutdown.sum() - droppedBefore) + stuck;
  }

  private void join(Duration timeout) {
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
