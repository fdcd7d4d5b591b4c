package io.github.plainlogback.bench;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;

/**
 * The application's other appender, in every context of the benchmarks: it keeps a reference to
 * each event, as a console or file appender does, so the event escapes in the baseline as it does
 * in any real service. Only the appender under test then differs between a case and its baseline.
 */
public class SinkAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  public static volatile ILoggingEvent last;

  @Override
  protected void append(ILoggingEvent event) {
    last = event;
  }
}
