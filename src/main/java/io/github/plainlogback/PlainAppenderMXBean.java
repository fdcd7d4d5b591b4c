package io.github.plainlogback;

/**
 * What an appender has done, over JMX. Registered per appender as {@code
 * io.github.plainlogback:type=PlainThreadAppender,context=<context name>,name=<appender name>}. The
 * same numbers are available in code through {@link PlainThreadAppender#getCounters()}.
 */
public interface PlainAppenderMXBean {
  /** ERROR events with a valid customer email that were considered for a thread. */
  long getCaptured();

  /** ERROR events without the customer email MDC key. */
  long getSkippedNoEmail();

  /** ERROR events whose customer email is not a valid address. */
  long getSkippedInvalidEmail();

  /** Occurrences folded into an earlier report inside the dedupe window. */
  long getDeduplicated();

  /** Occurrences refused by maxThreadsPerMinute or maxThreadsPerCustomerPerHour. */
  long getRateLimited();

  /** Reports dropped because the queue was full. */
  long getDroppedQueueFull();

  /** Reports dropped while sending was suspended after Plain refused the API key. */
  long getDroppedAuthCooldown();

  /** Reports left undelivered when stop() ran out of time. */
  long getDroppedShutdown();

  /** Threads created in Plain (in dry run: requests built and reported). */
  long getDelivered();

  /** Reports Plain refused, or that still failed after maxRetries retries. */
  long getFailed();

  /** Retries made. */
  long getRetried();

  /** "Happened again" events added to existing threads. */
  long getThreadEvents();

  /** Reports waiting in the queue now. */
  int getQueueDepth();

  /** Reports written to the spool directory instead of being dropped or failed. */
  long getSpooled();

  /** Spooled reports delivered from the spool (by this appender). */
  long getReplayed();

  /** Spooled reports dropped: the spool was full, a file was unreadable, or Plain refused it. */
  long getSpoolDropped();

  /** The spool directory's size in bytes, as last measured; 0 without a spool. */
  long getSpoolBytes();
}
