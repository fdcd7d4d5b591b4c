package com.example.errorshop;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.function.Predicate;

/** On Jetty 12: it logs the servlet's exception at WARN in ServletChannel. */
class UnhandledErrorsJettyTest extends UnhandledErrorsEndToEnd {
  @Override
  String serverInfoPrefix() {
    return "jetty/12.";
  }

  @Override
  String container() {
    return "jetty";
  }

  @Override
  Predicate<ILoggingEvent> containerLine() {
    return e ->
        e.getLevel() == Level.WARN
            && e.getLoggerName()
                .matches("org\\.eclipse\\.jetty\\.ee1\\d\\.servlet\\.ServletChannel");
  }
}
