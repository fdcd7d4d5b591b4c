package io.github.plainlogback.spring.boot;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import io.github.plainlogback.PlainThreadAppender;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Test helpers around the real Logback context the tests run in. */
final class LogbackRoot {
  private LogbackRoot() {}

  static LoggerContext context() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }

  static Logger root() {
    return context().getLogger(Logger.ROOT_LOGGER_NAME);
  }

  /** Every PlainThreadAppender attached to any logger. */
  static List<PlainThreadAppender> plainAppenders() {
    List<PlainThreadAppender> found = new ArrayList<>();
    for (Logger logger : context().getLoggerList()) {
      for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof PlainThreadAppender plain) {
          found.add(plain);
        }
      }
    }
    return found;
  }

  /** Records what the starter's own classes log (its startup notices). */
  static ListAppender<ILoggingEvent> recordStarterLog() {
    ListAppender<ILoggingEvent> list = new ListAppender<>();
    list.setContext(context());
    list.start();
    context().getLogger("io.github.plainlogback.spring.boot").addAppender(list);
    return list;
  }

  static void stopRecording(ListAppender<ILoggingEvent> list) {
    context().getLogger("io.github.plainlogback.spring.boot").detachAppender(list);
    list.stop();
  }

  static long messagesContaining(ListAppender<ILoggingEvent> list, String text) {
    return list.list.stream().filter(e -> e.getFormattedMessage().contains(text)).count();
  }
}
