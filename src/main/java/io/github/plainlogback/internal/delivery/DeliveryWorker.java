package io.github.plainlogback.internal.delivery;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.plainlogback.internal.plain.PlainResponse;
import io.github.plainlogback.internal.report.EmailAddresses;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.RecurrenceBatch;
import io.github.plainlogback.internal.status.ThrottledStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A bounded hand-off from logging threads to one named daemon thread that delivers reports in
 * order, and the policy for when Plain fails: retries with backoff, a pause of all sending while
 * Plain rate-limits us, and a cool-down after an authentication failure.
 *
 * <p>{@link #offer} is lock-free and never waits: a full queue refuses the report. The worker parks
 * when idle and is unparked only when it actually sleeps, so a busy producer does not pay for a
 * wake-up per report.
 */
public final class DeliveryWorker {
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

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
   * A task the worker runs every {@code every} on its own clock, between deliveries (e.g. emptying
   * the breadcrumb trails of quiet threads), so the library needs no thread of its own for it.
   */
  public record Chore(Duration every, Runnable task) {}

  private final ConcurrentLinkedQueue<ErrorReport> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger size = new AtomicInteger();
  private final int capacity;
  private final ReportDelivery delivery;
  private final DeliveryCounters counters;
  private final ThrottledStatus status;
  private final Policy policy;
  private final Ticker ticker;
  private final AdmissionLedger admission;
  private final Runnable cancelInFlight;
  private final Chore chore;

  /** Ticker time of the chore's next run. Worker thread only. */
  private long choreDue;

  /** Occurrences with repeats waiting for their event. Worker thread only. */
  private final List<PendingRepeats> repeats = new ArrayList<>();

  private final Thread thread;

  private volatile boolean idle;

  /** Set when the worker ended because of a bug; null while it runs. */
  private volatile Throwable deathCause;

  /** Set by stop(): from then on {@link #offer} refuses, and a report it raced in is counted. */
  private volatile boolean closed;

  private volatile boolean stopping;
  private volatile long stopDeadline;
  private volatile int inFlight;

  /**
   * Ticker time until which reports are dropped because the key was refused. Worker thread only.
   */
  private long authBlockedUntil;

  private boolean authBlocked;

  /**
   * Real time (System.nanoTime) before which nothing is sent because Plain rate-limited us. Worker
   * thread only.
   */
  private long pausedUntil;

  private boolean paused;

  // ---------------------------------------------------------------- spool (issue 10)

  /** How often a worker with a spool looks for stored reports while nothing else prompts it. */
  private static final long SPOOL_SCAN_NANOS = TimeUnit.MINUTES.toNanos(1);

  /** While waiting, how often the worker checks whether queued reports must move to the spool. */
  private static final long SPILL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private Spool spool = Spool.NONE;

  /** Whether stored reports are delivered now. Worker thread only. */
  private boolean replayDue;

  /** Whether Plain failed since it last accepted something. Worker thread only. */
  private boolean outage;

  /** System.nanoTime of the next look into the spool. Worker thread only. */
  private long nextSpoolScan;

  /**
   * @param admission told where each first occurrence went (or that it was not delivered, so it may
   *     be reported again), and the source of repeats to aggregate
   * @param cancelInFlight cancels what a delivery is blocked on (in-flight HTTP calls) when stop
   *     runs out of time
   * @param chore run every {@link Chore#every()} between deliveries; null for none
   */
  public DeliveryWorker(
      String threadName,
      int capacity,
      ReportDelivery delivery,
      DeliveryCounters counters,
      ThrottledStatus status,
      Policy policy,
      Ticker ticker,
      AdmissionLedger admission,
      Runnable cancelInFlight,
      Chore chore) {
    this.capacity = capacity;
    this.delivery = delivery;
    this.counters = counters;
    this.status = status;
    this.policy = policy;
    this.ticker = ticker;
    this.admission = admission;
    this.cancelInFlight = cancelInFlight;
    this.chore = chore;
    this.choreDue = chore == null ? 0 : ticker.read() + chore.every().toNanos();
    this.thread = new Thread(this::run, threadName);
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /**
   * Keeps what cannot be delivered in {@code spool} instead of dropping it, and delivers what it
   * holds: first thing after {@link #start()}, whenever Plain answers again after failing, and once
   * a minute (reports other processes left). Call before {@link #start()}.
   */
  public void useSpool(Spool spool) {
    this.spool = spool;
    this.nextSpoolScan = System.nanoTime();
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
    if (closed || deathCause != null) {
      return false;
    }
    if (size.incrementAndGet() > capacity) {
      size.decrementAndGet();
      return false;
    }
    queue.offer(report);
    if (closed && queue.remove(report)) {
      // stop() drained the queue between our check and our offer: count it as stop() would have.
      size.decrementAndGet();
      counters.droppedShutdown.increment();
      admission.forget(report.fingerprint(), report.customerEmail());
      return true; // taken and counted: the caller must not count it again
    }
    if (idle) {
      LockSupport.unpark(thread);
    }
    return true;
  }

  /** Why the worker stopped for good (a bug), or null while it runs. */
  public Throwable deathCause() {
    return deathCause;
  }

  /** Whether stop() ran: offers are refused. */
  public boolean isClosed() {
    return closed;
  }

  /** Whether a report offered now would fit (a hint: another thread may take the place first). */
  public boolean hasRoom() {
    return size.get() < capacity;
  }

  /** Reports waiting in the queue. */
  public int queueDepth() {
    return size.get();
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
        if (stopping) {
          if (!pastStopDeadline()) {
            flushRepeats(true); // tell Plain what was aggregated, while time remains
          }
          return;
        }
        flushRepeats(false);
        idle = true;
        if (queue.isEmpty() && !stopping) {
          LockSupport.parkNanos(this, IDLE_PARK_NANOS);
        }
        idle = false;
        continue;
      }
      if (stopping && pastStopDeadline()) {
        queue.offer(report); // counted as left over by stop()
        return;
      }
      inFlight = 1;
      size.decrementAndGet(); // the bound is on reports waiting, not the one in flight
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
    if (chore == null || stopping) {
      return;
    }
    long now = ticker.read();
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
      if (inAuthCooldown()) {
        if (!keepForLater(attempt)) {
          counters.droppedAuth.increment();
          // Plain was not called for it: its rate-limit tokens go back.
          admission.release(attempt.report.fingerprint(), attempt.report.customerEmail());
        }
        return;
      }
      if (paused && !waitUntil(pausedUntil)) {
        leftAtShutdown(attempt);
        return;
      }
      paused = false;
      DeliveryOutcome outcome = delivery.attempt(attempt);
      if (outcome instanceof DeliveryOutcome.Delivered d) {
        keyWorks();
        plainAnswered();
        if (attempt.stored != null) {
          replayed(attempt, d);
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
            ticker.read());
        return;
      }
      if (outcome instanceof DeliveryOutcome.Failed) {
        if (attempt.stored != null) {
          attempt.stored
              .done(); // refused for good (reported by the delivery): replaying won't help
          counters.spoolDropped.increment();
          return;
        }
        // Reported by the delivery. The dedupe entry stays, so the same error does not repeat in
        // the window.
        counters.failed.increment();
        admission.failed(attempt.report.fingerprint(), attempt.report.customerEmail());
        return;
      }
      if (outcome instanceof DeliveryOutcome.AuthFailed auth) {
        outage = true;
        if (!keepForLater(attempt)) {
          counters.failed.increment();
          forget(attempt.report);
        }
        keyRefused(auth.failure());
        return;
      }
      outage = true;
      PlainResponse.Failure failure = ((DeliveryOutcome.Retry) outcome).failure();
      // Waiting for a rate-limit window is not a failed attempt: a fleet sharing one workspace
      // limit would otherwise give up on reports that only had to wait their turn.
      boolean rateLimited = failure.isRateLimited();
      if (!rateLimited && attempt.retries >= policy.retry().maxRetries()) {
        if (keepForLater(attempt)) {
          status.warn(
              "spooled:" + failure.source() + ":" + failure.httpStatus(),
              "Plain failed "
                  + (attempt.retries + 1)
                  + " times ("
                  + failure.describe()
                  + "); kept the report in the spool, to deliver when Plain answers again.");
          return;
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
        return;
      }
      int waits = rateLimited ? ++attempt.rateLimitedWaits : ++attempt.retries;
      counters.retried.increment();
      Duration wait = policy.retry().delay(waits, failure.retryAfter());
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
      paused = true;
      pausedUntil = System.nanoTime() + wait.toNanos();
    }
  }

  /** Whether Plain refused the key and its cool-down has not run out yet. */
  private boolean inAuthCooldown() {
    return authBlocked && ticker.read() - authBlockedUntil < 0;
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

  private void keyWorks() {
    if (authBlocked) {
      authBlocked = false;
      counters.authCooldown = false;
      status.sink().info("Plain accepted the API key again; delivering Bug Report threads.");
    }
  }

  private void keyRefused(PlainResponse.Failure failure) {
    authBlocked = true;
    counters.authCooldown = true;
    authBlockedUntil = ticker.read() + policy.authFailureBackoff().toNanos();
    status.report(
        ThrottledStatus.Level.ERROR,
        "auth",
        "Plain refused the API key: "
            + failure.describe()
            + ". Not sending for <authFailureBackoff> "
            + policy.authFailureBackoff()
            + "; error reports meanwhile are dropped and counted. Check the key and"
            + " its permissions (customer:create, customer:edit, thread:create, thread:read, threadEvent:create,"
            + " threadEvent:read).");
  }

  /**
   * Sends "Happened again" events for repeats: for each thread at most one per recurrence interval
   * (or, at shutdown, whatever is waiting). An event that fails keeps its occurrences for the next
   * try, under the same external id.
   */
  private void flushRepeats(boolean all) {
    PendingRepeats o;
    while ((o = admission.pollRepeating()) != null) {
      repeats.add(o);
    }
    if (repeats.isEmpty() || inAuthCooldown() || (paused && System.nanoTime() - pausedUntil < 0)) {
      return; // once the cool-down is over, the next event is the probe
    }
    long now = ticker.read();
    long interval = policy.recurrenceInterval().toNanos();
    for (Iterator<PendingRepeats> it = repeats.iterator(); it.hasNext(); ) {
      if (stopping && pastStopDeadline()) {
        return; // stop() is out of time: what is left is not sent
      }
      PendingRepeats occ = it.next();
      if (occ.isAbandoned()) {
        it.remove();
        continue;
      }
      if (!occ.eventDue(now, interval, all)) {
        continue; // its first occurrence is still on its way, or the last event was too recent
      }
      it.remove();
      RecurrenceBatch batch = occ.takeBatch();
      if (batch.count() == 0) {
        continue;
      }
      String eventId =
          ErrorReport.hex(occ.fingerprint())
              + "-"
              + policy.instanceId()
              + "-"
              + occ.nextEventNumber();
      // Not at shutdown: time is short there, and the dedupe state dies with the appender anyway.
      boolean threadDone = !all && delivery.threadIsDone(occ.threadId());
      DeliveryOutcome outcome = delivery.sendEvent(occ.threadId(), batch, eventId);
      if (outcome instanceof DeliveryOutcome.Delivered) {
        keyWorks();
        plainAnswered();
        occ.eventSent(now);
        if (threadDone) {
          // Support closed the thread inside the dedupe window: the repeats are on its record
          // now, and the next occurrence asks Plain again, which opens the successor.
          admission.forget(occ.fingerprint(), occ.customerEmail());
        }
        counters.threadEvents.increment(); // last, so a reader of the counter sees the above done
      } else if (outcome instanceof DeliveryOutcome.Retry
          || outcome instanceof DeliveryOutcome.AuthFailed) {
        // tried again one interval later, under the same event id
        if (occ.putBack(batch, now)) {
          repeatsLater.add(occ);
        }
        if (outcome instanceof DeliveryOutcome.AuthFailed auth) {
          keyRefused(auth.failure());
          break;
        }
      } else {
        occ.eventFailed(now);
      }
    }
    repeats.addAll(repeatsLater);
    repeatsLater.clear();
  }

  private final List<PendingRepeats> repeatsLater = new ArrayList<>();

  private void forget(ErrorReport report) {
    admission.forget(report.fingerprint(), report.customerEmail());
  }

  private void leftAtShutdown(DeliveryAttempt attempt) {
    if (keepForLater(attempt)) {
      return;
    }
    counters.droppedShutdown.increment();
    forget(attempt.report);
  }

  // ---------------------------------------------------------------- spool hooks (issue 10)

  /**
   * Spool hook: keeps a report that cannot be delivered now (stop ran out of time, retries used up,
   * auth cool-down). A replayed report simply stays where it is.
   *
   * @return false without a spool or when it could not store the report: drop it as before
   */
  private boolean keepForLater(DeliveryAttempt attempt) {
    if (attempt.stored != null) {
      attempt.stored.later();
      replayDue = false; // until Plain answers again
      return true;
    }
    if (!spool.keep(attempt.report, attempt.createMayHaveReachedPlain)) {
      return false;
    }
    counters.spooled.increment();
    forget(attempt.report);
    return true;
  }

  /** Spool hook: Plain accepted something; if it had been failing, stored reports go now. */
  private void plainAnswered() {
    if (outage) {
      outage = false;
      replayDue = spool.isOn();
    }
  }

  private void replayed(DeliveryAttempt attempt, DeliveryOutcome.Delivered d) {
    attempt.stored.done();
    counters.replayed.increment();
    counters.lastDeliveredEpochMillis = System.currentTimeMillis();
    if (d.asEvent()) {
      counters.threadEvents.increment();
    }
  }

  /**
   * Spool hook: delivers the oldest stored report, through the same path as a live one, when replay
   * is due (or the periodic look finds some).
   *
   * @return whether it tried one
   */
  private boolean replayOne() {
    if (!spool.isOn() || stopping) {
      return false;
    }
    long now = System.nanoTime();
    if (!replayDue && now - nextSpoolScan >= 0) {
      nextSpoolScan = now + SPOOL_SCAN_NANOS;
      replayDue =
          spool.hasWaiting(); // also once a minute while Plain is down, to notice it is back
    }
    if (!replayDue || inAuthCooldown()) {
      return false;
    }
    Spool.Stored stored = spool.next();
    if (stored == null) {
      replayDue = false;
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
      stored.later();
      replayDue = false;
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
   * Spool hook: while Plain makes the worker wait, queued reports move to the spool once the queue
   * is half full, so errors logged meanwhile still find room.
   */
  private void spillQueue() {
    if (!spool.isOn() || size.get() < (capacity + 1) / 2) {
      return;
    }
    ErrorReport r;
    while ((r = queue.poll()) != null) {
      if (!spool.keep(r, false)) {
        queue.offer(r); // no room on disk either: it waits in memory as before
        return;
      }
      size.decrementAndGet();
      counters.spooled.increment();
      forget(r);
    }
  }

  /** Waits until {@code deadline} (System.nanoTime); false if stop() ran out of time first. */
  private boolean waitUntil(long deadline) {
    while (true) {
      spillQueue();
      long now = System.nanoTime();
      if (stopping && now - stopDeadline >= 0) {
        return false;
      }
      long left = deadline - now;
      if (left <= 0) {
        return true;
      }
      long limit = stopping ? Math.min(left, stopDeadline - now) : left;
      if (spool.isOn()) {
        limit = Math.min(limit, SPILL_CHECK_NANOS);
      }
      // Wake up now and then during a long pause (a 429 window) so chores such as the breadcrumb
      // sweep still run.
      LockSupport.parkNanos(this, Math.min(limit, IDLE_PARK_NANOS));
      runChoreIfDue();
      if (Thread.interrupted() && stopping) {
        return false;
      }
    }
  }

  private boolean pastStopDeadline() {
    return System.nanoTime() - stopDeadline > 0;
  }

  /**
   * Lets the worker deliver what is queued for at most {@code timeout}, then cancels what is in
   * flight and ends the worker.
   *
   * @return how many reports were left undelivered
   */
  public int stop(Duration timeout) {
    long droppedBefore = counters.droppedShutdown.sum();
    stopDeadline = System.nanoTime() + timeout.toNanos();
    stopping = true;
    closed = true;
    LockSupport.unpark(thread);
    join(timeout);
    if (thread.isAlive()) {
      // A delivery is stuck on Plain: cancel the call and end the thread.
      cancelInFlight.run();
      thread.interrupt();
      join(Duration.ofMillis(500));
    }
    ErrorReport r;
    int kept = 0;
    while ((r = queue.poll()) != null) {
      if (spool.keep(r, false)) { // spool hook: kept for the next start instead of lost
        counters.spooled.increment();
        kept++;
      } else {
        counters.droppedShutdown.increment();
      }
      forget(r);
    }
    size.set(0);
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
