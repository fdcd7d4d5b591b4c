package io.github.plainlogback.internal.admission;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Policy;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.plainlogback.internal.delivery.AdmissionLedger;
import io.github.plainlogback.internal.delivery.PendingRepeats;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;

/**
 * Decides on the logging thread, without locks, whether an error occurrence becomes a delivery:
 * dedupe by (fingerprint, customer) inside a window, then the global and the per-customer token
 * buckets.
 *
 * <p>A refused or dropped occurrence releases its dedupe entry, so the next occurrence after tokens
 * refill (or the queue drains) gets its chance instead of being silently folded into a thread that
 * was never created.
 */
public final class ReportAdmission implements AdmissionLedger {
  /**
   * Dedupe key: a record, so a duplicate costs one small allocation and no string building. Its
   * equals and hashCode are written out: a record's generated ones link through a JDK-wide method
   * handle whose one-entry asType cache (JDK 17) keeps the last record class it saw, and with it a
   * webapp's class loader after undeploy.
   */
  record Key(long fingerprint, String customerEmail) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && k.fingerprint == fingerprint
          && k.customerEmail.equals(customerEmail);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(fingerprint) * 31 + customerEmail.hashCode();
    }
  }

  private final Cache<Key, Occurrences> recent;
  private final Policy<Key, Occurrences> quietly;

  /** Occurrences that got their first repeat since the worker last looked; the worker drains it. */
  private final ConcurrentLinkedQueue<Occurrences> repeating = new ConcurrentLinkedQueue<>();

  private final TokenBucket global;
  private final Cache<String, TokenBucket> perCustomer;
  private final int perCustomerLimit;
  private final Ticker ticker;

  public ReportAdmission(
      Duration dedupeWindow,
      long dedupeMaxEntries,
      int maxThreadsPerMinute,
      int maxThreadsPerCustomerPerHour,
      Ticker ticker) {
    this.ticker = ticker;
    this.recent =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterWrite(dedupeWindow)
            .maximumSize(dedupeMaxEntries)
            // Evicted before its first occurrence reached a thread: nothing will ever take its
            // repeats. (One that has
            // a thread stays with the worker until its last repeats are sent.)
            .<Key, Occurrences>removalListener(
                (key, o, cause) -> {
                  if (o != null && o.threadId == null) {
                    o.abandoned = true;
                  }
                })
            .build();
    this.quietly = recent.policy();
    this.global = new TokenBucket(maxThreadsPerMinute, Duration.ofMinutes(1), ticker);
    this.perCustomerLimit = maxThreadsPerCustomerPerHour;
    // A customer's bucket is full again after an idle hour, so forgetting it then loses nothing.
    this.perCustomer =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterAccess(Duration.ofHours(1))
            .maximumSize(dedupeMaxEntries)
            .build();
  }

  /**
   * @param timeMillis when the error happened, for the "Happened again" event of a repeat
   * @param message the formatted message, asked for only when a repeat needs it
   */
  public Decision admit(
      long fingerprint, String customerEmail, long timeMillis, Supplier<String> message) {
    return admit(fingerprint, customerEmail, timeMillis, message, true);
  }

  /**
   * Decides for one occurrence. A repeat is only counted; a new error must have room in the queue
   * and pass both token buckets before it is written into the dedupe cache, so a storm of refused
   * errors never churns the cache (whose writes can make the caller run maintenance) and costs the
   * caller a read and two compare-and-sets.
   *
   * @param queueHasRoom whether the delivery queue can take a report now
   */
  public Decision admit(
      long fingerprint,
      String customerEmail,
      long timeMillis,
      Supplier<String> message,
      boolean queueHasRoom) {
    Key key = new Key(fingerprint, customerEmail);
    // Quietly: a recorded read is a compare-and-set on Caffeine's read buffer, and a full buffer
    // schedules its drain on the common pool, per repeat of a storm. A repeat is recorded below
    // once per batch instead, which still tells the eviction policy the entry is in use.
    Occurrences seen = quietly.getIfPresentQuietly(key);
    if (seen == null) {
      if (!queueHasRoom) {
        return Decision.QUEUE_FULL;
      }
      TokenBucket customerBucket =
          perCustomer.get(
              customerEmail, k -> new TokenBucket(perCustomerLimit, Duration.ofHours(1), ticker));
      if (!customerBucket.tryAcquire()) {
        return Decision.RATE_LIMITED_CUSTOMER;
      }
      if (!global.tryAcquire()) {
        customerBucket.refund();
        return Decision.RATE_LIMITED_GLOBAL;
      }
      Occurrences first = new Occurrences(fingerprint, customerEmail);
      seen = recent.asMap().putIfAbsent(key, first);
      if (seen == null) {
        return Decision.ADMIT;
      }
      // Another thread admitted the same error a moment ago: this one is a repeat, and spent
      // nothing.
      customerBucket.refund();
      global.refund();
    }
    if (!seen.abandoned) { // repeats of a report that failed for good are only counted
      seen.record(timeMillis, message);
      // Read first: only the first repeat of a batch pays for the compare-and-set.
      if (!seen.scheduled.get() && seen.scheduled.compareAndSet(false, true)) {
        repeating.add(seen);
        var unused = recent.getIfPresent(key); // a read the eviction policy sees, once a batch
      }
    }
    return Decision.DUPLICATE;
  }

  /**
   * Undoes an {@link Decision#ADMIT} whose report could not be queued: nothing was sent, so nothing
   * is spent.
   */
  @Override
  public void release(long fingerprint, String customerEmail) {
    forget(fingerprint, customerEmail);
    TokenBucket customerBucket = perCustomer.getIfPresent(customerEmail);
    if (customerBucket != null) {
      customerBucket.refund();
    }
    global.refund();
  }

  /**
   * Forgets an occurrence that was queued but not delivered (gave up, dropped during an auth
   * cool-down or at shutdown), so the next occurrence is reported. Tokens stay spent: Plain was
   * called, or will be probed.
   */
  @Override
  public void forget(long fingerprint, String customerEmail) {
    Occurrences o = recent.asMap().remove(new Key(fingerprint, customerEmail));
    if (o != null) {
      o.abandoned = true;
    }
  }

  /**
   * The first occurrence was refused for good (VALIDATION and the like): keep folding repeats into
   * it, so the same error is not sent again inside the window, but stop collecting them for a
   * thread that does not exist.
   */
  @Override
  public void failed(long fingerprint, String customerEmail) {
    Occurrences o = recent.getIfPresent(new Key(fingerprint, customerEmail));
    if (o != null) {
      o.abandoned = true;
    }
  }

  /**
   * The first occurrence was delivered to {@code threadId}: repeats go there from now on, the first
   * event no sooner than one recurrence interval after {@code nowNanos}.
   */
  @Override
  public void delivered(long fingerprint, String customerEmail, String threadId, long nowNanos) {
    Occurrences o = recent.getIfPresent(new Key(fingerprint, customerEmail));
    if (o != null) {
      o.delivered(threadId, nowNanos);
    }
  }

  /** Takes the occurrences that got repeats since the last call. Worker only. */
  @Override
  public PendingRepeats pollRepeating() {
    return repeating.poll();
  }

  /**
   * Visible for testing: runs the caches' pending evictions, which Caffeine otherwise does
   * asynchronously.
   */
  void cleanUp() {
    recent.cleanUp();
    perCustomer.cleanUp();
  }

  /**
   * How many times this error occurred for this customer inside the current window (0 if not
   * tracked).
   */
  public long occurrences(long fingerprint, String customerEmail) {
    Occurrences seen = recent.getIfPresent(new Key(fingerprint, customerEmail));
    return seen == null ? 0 : 1 + seen.pending();
  }
}
