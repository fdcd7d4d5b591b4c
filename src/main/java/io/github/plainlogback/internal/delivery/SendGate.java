package io.github.plainlogback.internal.delivery;

import io.github.plainlogback.internal.plain.PlainResponse;
import io.github.plainlogback.internal.status.ThrottledStatus;
import java.time.Duration;

/**
 * Whether the worker may call Plain now: not during the cool-down after Plain refused the key, and
 * not while a pause Plain asked for (429, a retry's backoff) lasts. Both on one {@link
 * DeliveryClock}. Worker thread only.
 */
final class SendGate {
  private final DeliveryClock clock;
  private final Duration authFailureBackoff;
  private final DeliveryCounters counters;
  private final ThrottledStatus status;

  private boolean authBlocked;
  private long authBlockedUntil;
  private boolean paused;
  private long pausedUntil;

  SendGate(
      DeliveryClock clock,
      Duration authFailureBackoff,
      DeliveryCounters counters,
      ThrottledStatus status) {
    this.clock = clock;
    this.authFailureBackoff = authFailureBackoff;
    this.counters = counters;
    this.status = status;
  }

  /** Whether Plain refused the key and its cool-down has not run out yet. */
  boolean inAuthCooldown() {
    return authBlocked && clock.nanos() - authBlockedUntil < 0;
  }

  /** Plain accepted a request: a cool-down that was on is over. */
  void keyWorks() {
    if (authBlocked) {
      authBlocked = false;
      counters.authCooldown = false;
      status.sink().info("Plain accepted the API key again; delivering Bug Report threads.");
    }
  }

  /** Plain refused the key: nothing is sent for {@code authFailureBackoff}, then one probe. */
  void keyRefused(PlainResponse.Failure failure) {
    authBlocked = true;
    counters.authCooldown = true;
    authBlockedUntil = clock.nanos() + authFailureBackoff.toNanos();
    status.report(
        ThrottledStatus.Level.ERROR,
        "auth",
        "Plain refused the API key: "
            + failure.describe()
            + ". Not sending for <authFailureBackoff> "
            + authFailureBackoff
            + "; error reports meanwhile are dropped and counted. Check the key and"
            + " its permissions (customer:create, customer:edit, thread:create, thread:read, threadEvent:create,"
            + " threadEvent:read).");
  }

  /** Sends nothing for {@code wait}: sequential delivery, so every report waits, as Plain asked. */
  void pause(Duration wait) {
    paused = true;
    pausedUntil = clock.nanos() + wait.toNanos();
  }

  /** Whether a pause was set and has not been lifted by {@link #resume}, even if it is over. */
  boolean pauseSet() {
    return paused;
  }

  /** Whether a pause holds now. */
  boolean isPaused() {
    return paused && clock.nanos() - pausedUntil < 0;
  }

  /** Nanoseconds the pause lasts yet (0 when none or over). */
  long pauseLeftNanos() {
    return paused ? Math.max(0, pausedUntil - clock.nanos()) : 0;
  }

  /** The pause was waited out: send again. */
  void resume() {
    paused = false;
  }
}
