package io.github.plainlogback.internal.delivery;

import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.spool.DiskSpool;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Where the worker keeps reports it cannot deliver now, and finds them again. The worker calls it
 * at four points: a report left when {@code stop()} runs out of time, queued reports moved out
 * while Plain makes the worker wait (so the queue has room), retries used up on a failure that may
 * pass, and the auth cool-down. {@link #NONE} keeps nothing: today's in-memory behaviour.
 */
public interface Spool {
  /**
   * Stores {@code report} for a later delivery (redacted first).
   *
   * @return false when it was not kept (no spool, full, I/O error): the caller drops it as before
   */
  boolean keep(ErrorReport report, boolean mayHaveReachedPlain);

  /** The oldest stored report that no other process is delivering, claimed; null if none. */
  @Nullable Stored next();

  /** Measures again (other processes write too); true when reports are waiting. */
  boolean hasWaiting();

  /** The stored reports' size in bytes, as last measured. */
  long bytes();

  /** Whether this spool keeps anything at all. */
  default boolean isOn() {
    return true;
  }

  /** A stored report, claimed by this process until it says what became of it. */
  interface Stored {
    ErrorReport report();

    /** Whether a createThread for it may have reached Plain unanswered before it was stored. */
    boolean mayHaveReachedPlain();

    /** Delivered, or refused for good: removed. */
    void done();

    /** Not delivered now: stays stored for a later try. */
    void later();
  }

  Spool NONE =
      new Spool() {
        @Override
        public boolean keep(ErrorReport report, boolean mayHaveReachedPlain) {
          return false;
        }

        @Override
        public @Nullable Stored next() {
          return null;
        }

        @Override
        public boolean hasWaiting() {
          return false;
        }

        @Override
        public long bytes() {
          return 0;
        }

        @Override
        public boolean isOn() {
          return false;
        }
      };

  /**
   * A spool directory; {@code redact} runs on every report before it is written, so no secret
   * reaches the disk.
   */
  static Spool onDisk(DiskSpool disk, UnaryOperator<ErrorReport> redact) {
    return new Spool() {
      @Override
      public boolean keep(ErrorReport report, boolean mayHaveReachedPlain) {
        return disk.write(redact.apply(report), mayHaveReachedPlain);
      }

      @Override
      public @Nullable Stored next() {
        DiskSpool.Claim claim = disk.claimOldest();
        return claim == null
            ? null
            : new Stored() {
              @Override
              public ErrorReport report() {
                return claim.report();
              }

              @Override
              public boolean mayHaveReachedPlain() {
                return claim.mayHaveReachedPlain();
              }

              @Override
              public void done() {
                claim.delivered();
              }

              @Override
              public void later() {
                claim.release();
              }
            };
      }

      @Override
      public boolean hasWaiting() {
        return disk.rescan() > 0;
      }

      @Override
      public long bytes() {
        return disk.bytes();
      }
    };
  }
}
