package com.example.errorshop;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.function.Predicate;

/**
 * On Undertow (Boot 3.5; Boot 4 dropped it): it logs the exception at ERROR in io.undertow.request.
 */
class UnhandledErrorsUndertowTest extends UnhandledErrorsEndToEnd {
  @Override
  String serverInfoPrefix() {
    return "Undertow";
  }

  @Override
  String container() {
    return "undertow";
  }

  @Override
  Predicate<ILoggingEvent> containerLine() {
    return e -> e.getLevel() == Level.ERROR && e.getLoggerName().equals("io.undertow.request");
  }
}
