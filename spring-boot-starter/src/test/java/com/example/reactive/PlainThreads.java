package com.example.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import io.github.plainlogback.PlainThreadAppender;
import io.github.plainlogback.test.PlainStandIn;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What the reactive tests read from the starter's appender and the stand-in for Plain. */
final class PlainThreads {
  private PlainThreads() {}

  /**
   * The next thread created (after its customer's upsert, unless the appender knows the customer
   * already, and the lookup); checks the customer it was for and returns the createThread call.
   */
  static PlainStandIn.Call nextThreadFor(PlainStandIn plain, String email) throws Exception {
    PlainStandIn.Call sent = next(plain);
    if (sent.operation().equals("upsertCustomer")) {
      assertThat(sent.input().path("identifier").path("emailAddress").asText()).isEqualTo(email);
      sent = next(plain);
    }
    assertThat(sent.operation()).isEqualTo("threadByExternalId");
    PlainStandIn.Call thread = next(plain);
    assertThat(thread.operation()).isEqualTo("createThread");
    assertThat(plain.customerOf(thread.input())).isEqualTo(email);
    return thread;
  }

  private static PlainStandIn.Call next(PlainStandIn plain) throws InterruptedException {
    PlainStandIn.Call call = plain.nextCall(10);
    assertThat(call).as("a request reached the stand-in for Plain").isNotNull();
    return call;
  }

  /** The one Plain appender the starter attached to the root logger. */
  static PlainThreadAppender appender() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    List<PlainThreadAppender> found = new ArrayList<>();
    for (Logger logger : context.getLoggerList()) {
      for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof PlainThreadAppender plain) {
          found.add(plain);
        }
      }
    }
    assertThat(found).as("one Plain appender").hasSize(1);
    return found.get(0);
  }
}
