package com.example.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.plainlogback.PlainThreadAppender;
import io.github.plainlogback.test.PlainStandIn;
import io.github.plainlogback.test.PlainStandInExtension;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * The example's filter and servlet in a real servlet container (each subclass one), with a loopback
 * stand-in for Plain.
 */
@Timeout(60)
abstract class ServletContainerSmokeTest {
  /** The one stand-in for Plain (plain-logback-test-support), checking calls against its schema. */
  @RegisterExtension final PlainStandInExtension standIn = PlainStandInExtension.checkingSchema();

  private PlainStandIn plain;
  private final ListAppender<ILoggingEvent> appLog = new ListAppender<>();
  private String baseUrl;

  /**
   * Starts the container with the fake login filter, then the example's filter, then the servlet.
   */
  abstract String startContainer(Filter login) throws Exception;

  abstract void stopContainer() throws Exception;

  @BeforeEach
  void start(PlainStandIn plain) throws Exception {
    this.plain = plain;
    // Logback reads ${PLAIN_API_URL} from system properties; configure it explicitly once they are
    // set.
    System.setProperty("PLAIN_API_KEY", "plainApiKey_example");
    System.setProperty("PLAIN_API_URL", plain.url());
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(getClass().getResource("/logback-example.xml"));
    appLog.setContext(context);
    appLog.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appLog);

    baseUrl = startContainer(fakeLogin());
  }

  /** Stands in for the application's authentication: the X-User header is the signed-in user. */
  private static Filter fakeLogin() {
    return (request, response, chain) -> {
      HttpServletRequest http = (HttpServletRequest) request;
      String user = http.getHeader("X-User");
      if (user != null) {
        http.getSession(true).setAttribute("displayName", "Jane Doe");
      }
      chain.doFilter(
          new HttpServletRequestWrapper(http) {
            @Override
            public Principal getUserPrincipal() {
              return user == null ? null : () -> user;
            }
          },
          response);
    };
  }

  @AfterEach
  void stop() throws Exception {
    stopContainer();
    ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    System.clearProperty("PLAIN_API_KEY");
    System.clearProperty("PLAIN_API_URL");
  }

  private PlainThreadAppender appender() {
    return (PlainThreadAppender)
        ((LoggerContext) LoggerFactory.getILoggerFactory())
            .getLogger(Logger.ROOT_LOGGER_NAME)
            .getAppender("PLAIN");
  }

  /** The response's status. */
  private int call(String method, String user, String order) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(baseUrl + "/checkout?order=" + order))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (user != null) {
      r.header("X-User", user);
    }
    return HttpClient.newHttpClient()
        .send(r.build(), HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void anErrorTheServletLogsBecomesAThreadForThatCustomer() throws Exception {
    assertThat(call("POST", "jane@example.com", "42")).isEqualTo(500);
    JsonNode thread = plain.nextThreadInput(10);
    assertThat(thread).isNotNull();
    assertThat(thread.path("title").asText())
        .isEqualTo("Bug Report: IllegalStateException: Checkout failed for order 42");
    assertThat(plain.customerOf(thread)).isEqualTo("jane@example.com");
  }

  @Test
  void anExceptionThatEscapesTheServletBecomesOneThreadForThatCustomer() throws Exception {
    assertThat(call("GET", "jane@example.com", "9")).as("the container's answer").isEqualTo(500);
    JsonNode thread = plain.nextThreadInput(10);
    assertThat(thread).as("a thread for the unhandled exception").isNotNull();
    assertThat(thread.path("title").asText())
        .isEqualTo("Bug Report: IllegalStateException: Order store unavailable");
    assertThat(plain.customerOf(thread)).isEqualTo("jane@example.com");
    assertThat(thread.path("components").toString())
        .contains("GET /checkout")
        .doesNotContain("order=9");
    assertThat(appender().getCounters().captured()).as("one report, no duplicate").isEqualTo(1);

    // A sentinel: the next thread is another customer's, so nothing more came for the first.
    assertThat(call("POST", "omar@example.com", "8")).isEqualTo(500);
    JsonNode next = plain.nextThreadInput(10);
    assertThat(plain.customerOf(next)).isEqualTo("omar@example.com");
    assertThat(plain.pendingThreads()).isZero();

    List<String> ours =
        appLog.list.stream()
            .map(ILoggingEvent::getLoggerName)
            .filter(n -> n.startsWith("io.github.plainlogback"))
            .toList();
    assertThat(ours).as("the application's log gets no line of ours").isEmpty();
  }

  @Test
  void anAnonymousRequestMakesNoThread() throws Exception {
    assertThat(call("GET", null, "7")).isEqualTo(500);
    assertThat(call("POST", null, "7")).isEqualTo(500);
    assertThat(call("POST", "omar@example.com", "8")).isEqualTo(500); // a sentinel
    JsonNode first = plain.nextThreadInput(10);
    assertThat(plain.customerOf(first))
        .as("the anonymous errors, first, sent nothing")
        .isEqualTo("omar@example.com");
    assertThat(appender().getCounters().captured()).isEqualTo(1);
  }
}
