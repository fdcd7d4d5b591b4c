package io.github.plainlogback;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.plainlogback.test.PlainStandIn;
import io.github.plainlogback.test.PlainStandInExtension;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An exception that escapes a request becomes one thread for the customer the request's MDC names,
 * whatever the container logs about it afterwards; through a real LoggerContext from XML.
 */
@Timeout(30)
class UnhandledExceptionsTest {
  /** A fresh stand-in for Plain per test, closed after it. */
  @RegisterExtension final PlainStandInExtension standIn = PlainStandInExtension.plain();

  private PlainStandIn plain;
  private LoggingFixture logging;

  @BeforeEach
  void start() {
    plain = standIn.standIn();
    logging = LoggingFixture.startedAgainst(plain, "");
  }

  @AfterEach
  void stop() {
    logging.close();
  }

  private static IllegalStateException thrownByTheController() {
    return new IllegalStateException(
        "card declined", new java.net.SocketTimeoutException("read timed out"));
  }

  @Test
  void anEscapedExceptionBecomesOneThreadTitledAfterWhatTheApplicationThrew() throws Exception {
    IllegalStateException thrown = thrownByTheController();
    // Spring's DispatcherServlet wraps what the controller threw before it leaves the servlet.
    ServletException wrapper = new ServletException("Request processing failed: " + thrown, thrown);
    try (var mdc = logging.mdc("jane@example.com")) {
      assertThat(UnhandledExceptions.report(wrapper, "POST", "/orders/42/pay?token=s3cret"))
          .isTrue();
      assertThat(UnhandledExceptions.report(wrapper, "POST", "/orders/42/pay"))
          .as("an outer filter sees it again")
          .isFalse();
    }

    JsonNode input = plain.nextThread(10).input();
    String title = input.path("title").asText();
    assertThat(title).startsWith("Bug Report: IllegalStateException").endsWith("card declined");
    assertThat(title).doesNotContain("ServletException").doesNotContain("Request processing");
    String all = input.path("components").toString();
    assertThat(all)
        .contains("Unhandled exception** in POST /orders/42/pay")
        .contains("Request: POST /orders/42/pay")
        .contains("SocketTimeoutException")
        .doesNotContain("s3cret")
        .doesNotContain("token");
    assertThat(input.path("customerIdentifier").path("customerId").asText())
        .isEqualTo(plain.customerId("jane@example.com"));
  }

  @Test
  void theContainersLaterLinesOfItMakeNoSecondReport() throws Exception {
    IllegalStateException thrown = thrownByTheController();
    ServletException wrapper = new ServletException("Request processing failed", thrown);
    Logger tomcat = logging.logger("org.apache.catalina.core.StandardWrapperValve");
    try (var mdc = logging.mdc("jane@example.com")) {
      UnhandledExceptions.report(wrapper, "GET", "/orders");
      // Even where the customer is still in the MDC when the container logs: the root cause
      // (Tomcat,
      // Undertow), the wrapper (Jetty), and the cause of the root cause.
      tomcat.error("Servlet.service() for servlet [dispatcherServlet] threw exception", thrown);
      tomcat.error("wrapper", wrapper);
      tomcat.error("deeper", thrown.getCause());
    }
    PlainAppenderCounters counters = logging.appender().getCounters();
    assertThat(counters.captured()).isEqualTo(1);
    assertThat(counters.deduplicated()).as("not even a repeat").isZero();

    try (var mdc = logging.mdc("jane@example.com")) {
      tomcat.error("the same bug again, a new exception object", thrownByTheController());
    }
    assertThat(logging.appender().getCounters().captured())
        .as("identity, never the message: a new occurrence is an occurrence")
        .isEqualTo(2);
    assertThat(plain.nextThread(10)).isNotNull();
  }

  @Test
  void anAnonymousRequestReportsNothing() {
    IllegalStateException thrown = thrownByTheController();
    assertThat(UnhandledExceptions.report(thrown, "GET", "/")).isFalse();
    logging.logger("org.apache.catalina").error("threw exception", thrown);
    PlainAppenderCounters counters = logging.appender().getCounters();
    assertThat(counters.captured()).isZero();
    assertThat(counters.skippedNoEmail()).isEqualTo(1);
    assertThat(plain.count("createThread")).isZero();
  }

  @Test
  void aStoppedAppenderTakesNothing() {
    logging.appender().stop();
    try (var mdc = logging.mdc("jane@example.com")) {
      assertThat(UnhandledExceptions.report(thrownByTheController(), "GET", "/")).isFalse();
    }
  }

  @Test
  void nothingIsLoggedToTheApplicationsAppenders() {
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> app =
        new ch.qos.logback.core.read.ListAppender<>();
    app.setContext(logging.context);
    app.start();
    logging.logger(Logger.ROOT_LOGGER_NAME).addAppender(app);
    try (var mdc = logging.mdc("jane@example.com")) {
      assertThat(UnhandledExceptions.report(thrownByTheController(), "GET", "/")).isTrue();
    }
    assertThat(app.list).isEmpty();
  }
}
