package io.github.plainlogback.internal.logback;

import java.lang.ref.WeakReference;
import org.jspecify.annotations.Nullable;

/**
 * Fingerprints remembered per exception instance: the same {@link Throwable} logged again is the
 * same error, so it costs one identity comparison instead of a walk of every frame of its cause
 * chain (about 190 ns for 40 frames, most of a repeated error's cost). That is the error that
 * repeats fastest in practice: one exception logged at each layer it passes (log and rethrow), a
 * failure kept and logged by every caller that finds it (a failed future, a circuit breaker's last
 * error), an exception allocated once and thrown again and again. A fresh exception with the same
 * trace still pays the walk.
 *
 * <p>A small fixed table slotted by the identity hash, in the manner of {@code NormalizedEmails}:
 * an instance that loses its slot to another is simply walked again. Entries hold their exception
 * weakly, so nothing here keeps a request's objects or a class loader alive, and are immutable
 * apart from what the collector clears, so unsynchronised sharing between logging threads is safe
 * (a racing reader sees at worst an empty reference: a miss). An exception whose stack trace or
 * cause is changed after it was first logged keeps its first fingerprint: it is still the same
 * error.
 */
final class RememberedFingerprints {
  private static final int SLOTS = 256; // a power of two

  /** One exception's fingerprint. */
  static final class Entry extends WeakReference<Throwable> {
    final long fingerprint;

    Entry(Throwable thrown, long fingerprint) {
      super(thrown);
      this.fingerprint = fingerprint;
    }
  }

  private final @Nullable Entry[] entries = new Entry[SLOTS];

  /**
   * What is remembered for this very instance, or null (one read: the slot may change under us).
   */
  @Nullable Entry find(Throwable thrown) {
    Entry e = entries[slot(thrown)];
    return e != null && e.get() == thrown ? e : null;
  }

  void remember(Throwable thrown, long fingerprint) {
    entries[slot(thrown)] = new Entry(thrown, fingerprint);
  }

  private static int slot(Throwable thrown) {
    return System.identityHashCode(thrown) & (SLOTS - 1);
  }
}
