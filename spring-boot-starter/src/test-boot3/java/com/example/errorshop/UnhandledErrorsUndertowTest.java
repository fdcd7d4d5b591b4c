package com.example.errorshop;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.function.Predicate;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * On Undertow (Boot 3.5; Boot 4 dropped it): it logs the exception at ERROR in io.undertow.request.
 */
@EnabledIfSystemProperty(named = "container", matches = "undertow")
class UnhandledErrorsUndertowTest extends UnhandledErrorsEndToEnd {
  @Override
  String serverInfoPrefix() {
    return "Undertow";
  }

  /** Undertow answers an ASYNC dispatch's exception with a bare 500, without the starter too. */
  @Override
  boolean rendersAsyncErrorPage() {
    return false;
  }

  @Override
  Predicate<ILoggingEvent> containerLine() {
    return e -> e.getLevel() == Level.ERROR && e.getLoggerName().equals("io.undertow.request");
  }
}
