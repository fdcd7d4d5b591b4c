package com.example.errorshop;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.function.Predicate;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** On Jetty 12: it logs the servlet's exception at WARN in ServletChannel. */
@EnabledIfSystemProperty(named = "container", matches = "jetty")
class UnhandledErrorsJettyTest extends UnhandledErrorsEndToEnd {
  @Override
  String serverInfoPrefix() {
    return "jetty/12.";
  }

  @Override
  Predicate<ILoggingEvent> containerLine() {
    return e ->
        e.getLevel() == Level.WARN
            && e.getLoggerName()
                .matches("org\\.eclipse\\.jetty\\.ee1\\d\\.servlet\\.ServletChannel");
  }
}
