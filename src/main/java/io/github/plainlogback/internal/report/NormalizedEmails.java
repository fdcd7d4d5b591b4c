package io.github.plainlogback.internal.report;

import org.jspecify.annotations.Nullable;

/**
 * {@link EmailAddresses#normalize} remembered per raw MDC value: within a request every ERROR's MDC
 * carries the very String the request filter put, so a repeated error for the same customer is one
 * identity comparison instead of a scan of the address. A small fixed table slotted by the String's
 * cached hash; a value that loses its slot to another is simply normalised again. Entries are
 * immutable, so unsynchronised sharing between logging threads is safe.
 */
public final class NormalizedEmails {
  private static final int SLOTS = 64; // a power of two

  private record Entry(String raw, @Nullable String normalized) {}

  private final @Nullable Entry[] entries = new Entry[SLOTS];

  /** The same as {@link EmailAddresses#normalize}; {@code raw} must not be null. */
  public @Nullable String normalize(String raw) {
    int slot = raw.hashCode() & (SLOTS - 1);
    Entry e = entries[slot];
    if (e != null && e.raw == raw) {
      return e.normalized;
    }
    String normalized = EmailAddresses.normalize(raw);
    entries[slot] = new Entry(raw, normalized);
    return normalized;
  }
}
