package com.example.errorshop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.plainlogback.PlainAppenderCounters;
import io.github.plainlogback.PlainThreadAppender;
import io.github.plainlogback.test.PlainStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every error a signed-in customer hits in a Spring MVC application on a real server becomes
 * exactly one thread for them: exceptions that escape a controller (with and without a cause), an
 * async request's, and {@code @Async} work's, logged or thrown. Not the ones the application
 * resolves, nor anonymous or service requests'; the container's own later line of it makes no
 * second thread; responses and the application's log are what they are without the starter.
 *
 * <p>One subclass per container, each run by its own surefire execution on a classpath with that
 * container only (see the pom), which sets the system property {@code container}; in another
 * execution (e.g. with {@code -Dtest=...}) the subclass is skipped before its context starts.
 */
@SpringBootTest(
    classes = ErrorShopApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "plain.logback.api-key=plainApiKey_example",
      "plain.logback.request-id-mdc-key=requestId",
      "plain.logback.max-threads-per-customer-per-hour=100",
      "plain.logback.app-packages=com.example.errorshop"
    })
@DirtiesContext
@Timeout(60)
abstract class UnhandledErrorsEndToEnd {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A Plain of its own per test class (each its own Spring context): a thread another class created
   * would otherwise be found by its external id and get a "happened again" event instead.
   */
  static PlainStandIn PLAIN;

  @BeforeAll
  static void startPlain() {
    if (PLAIN != null) {
      PLAIN.close(); // the previous class's, whose context @DirtiesContext has closed
    }
    PLAIN = new PlainStandIn(true);
  }

  @DynamicPropertySource
  static void plainUrl(DynamicPropertyRegistry registry) {
    registry.add("plain.logback.api-url", () -> PLAIN.url());
  }

  @AfterAll
  static void onlyValidCalls() {
    PLAIN.assertOnlyValidCalls(); // as the extension checks a stand-in per test
  }

  /** The container's name in the servlet context's server info ("Apache Tomcat/10.1.x"). */
  abstract String serverInfoPrefix();

  /** The container's own log line of an exception that left the servlet. */
  abstract Predicate<ILoggingEvent> containerLine();

  /**
   * Whether the container forwards an ASYNC dispatch's exception to Boot's error page (Undertow
   * answers a bare 500, with or without the starter).
   */
  boolean rendersAsyncErrorPage() {
    return true;
  }

  @Value("${local.server.port}")
  int port;

  @Autowired ErrorShopApplication.Tasks tasks;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private PlainThreadAppender plain;
  private PlainAppenderCounters before;
  private int requestsBefore;

  @BeforeEach
  void watch() throws Exception {
    assertThat(get("/server", "jane-token").body()).startsWith(serverInfoPrefix());
    plain = plainAppender();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    log.setContext(context);
    log.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(log);
    before = plain.getCounters();
    requestsBefore = PLAIN.calls().size();
  }

  @AfterEach
  void unwatch() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(log);
  }

  HttpResponse<String> get(String path, String bearer) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static PlainThreadAppender plainAppender() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    for (Iterator<Appender<ILoggingEvent>> it =
            context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
        it.hasNext(); ) {
      if (it.next() instanceof PlainThreadAppender p) {
        return p;
      }
    }
    throw new AssertionError("the starter attached no appender");
  }

  /**
   * Waits until everything captured since the test began is delivered, then returns the threads
   * created since; and checks that no occurrence was folded into another (a second sighting).
   */
  List<JsonNode> threadsCreated(int expected) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              PlainAppenderCounters c = plain.getCounters();
              return c.captured() - before.captured() >= expected
                  && c.pending() == 0
                  && c.delivered() - before.delivered() + c.failed() - before.failed()
                      >= c.captured()
                          - before.captured()
                          - (c.deduplicated() - before.deduplicated());
            });
    PlainAppenderCounters after = plain.getCounters();
    assertThat(after.captured() - before.captured()).as("occurrences captured").isEqualTo(expected);
    assertThat(after.deduplicated() - before.deduplicated()).as("second sightings").isZero();
    assertThat(after.threadEvents() - before.threadEvents()).as("happened-again events").isZero();
    assertThat(after.delivered() - before.delivered()).as("threads delivered").isEqualTo(expected);
    List<JsonNode> created =
        PLAIN.calls().subList(requestsBefore, PLAIN.calls().size()).stream()
            .filter(c -> c.operation().equals("createThread"))
            .map(PlainStandIn.Call::input)
            .toList();
    assertThat(created).hasSize(expected);
    return created;
  }

  private static String customerOf(JsonNode thread) {
    return PLAIN.customerOf(thread);
  }

  private List<ILoggingEvent> warnings() {
    return log.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
  }

  private void assertNothingLoggedByPlain() {
    assertThat(log.list)
        .as("lines logged by the library")
        .noneMatch(e -> e.getLoggerName().startsWith("io.github.plainlogback"));
  }

  private void assertErrorJson(HttpResponse<String> response, int status, String path)
      throws Exception {
    assertThat(response.statusCode()).isEqualTo(status);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asInt()).as(response.body()).isEqualTo(status);
    assertThat(body.path("path").asText()).isEqualTo(path);
  }

  @Test
  void anExceptionThatEscapesAControllerBecomesOneThreadForTheCustomer() throws Exception {
    HttpResponse<String> jane = get("/orders/42?token=s3cret", "jane-token");

    assertErrorJson(jane, 500, "/orders/42");
    List<JsonNode> threads = threadsCreated(1);
    JsonNode thread = threads.get(0);
    assertThat(customerOf(thread)).isEqualTo("jane@example.com");
    assertThat(thread.path("title").asText())
        .startsWith("Bug Report: IllegalStateException")
        .contains("Order 42 is gone");
    assertThat(thread.toString()).contains("GET /orders/42").doesNotContain("s3cret");
    // The application's log: the container's one line of it, nothing added, nothing removed.
    assertThat(warnings()).hasSize(1).allMatch(containerLine());
    assertNothingLoggedByPlain();
  }

  @Test
  void aWrappedExceptionIsTitledAfterWhatTheControllerThrew() throws Exception {
    HttpResponse<String> jane = get("/invoices/7", "jane-token");

    assertErrorJson(jane, 500, "/invoices/7");
    JsonNode thread = threadsCreated(1).get(0);
    assertThat(customerOf(thread)).isEqualTo("jane@example.com");
    assertThat(thread.path("title").asText())
        .startsWith("Bug Report: ErrorShopApplication$InvoiceFailed")
        .contains("Invoice 7 cannot be read");
    assertThat(thread.toString()).contains("GET /invoices/7").contains("NumberFormatException");
    assertThat(warnings()).hasSize(1).allMatch(containerLine());
    assertNothingLoggedByPlain();
  }

  @Test
  void anonymousAndServiceRequestsOpenNoThread() throws Exception {
    HttpResponse<String> anonymous = get("/public/orders/1", null);
    HttpResponse<String> service = get("/orders/2", "service-token");

    assertErrorJson(anonymous, 500, "/public/orders/1");
    assertErrorJson(service, 500, "/orders/2");
    assertThat(threadsCreated(0)).isEmpty();
    // The container logged both, for no customer: they were looked at, and skipped.
    assertThat(warnings()).hasSize(2).allMatch(containerLine());
    // An ERROR line (Tomcat's, Undertow's) reaches the appender, which finds no customer in it.
    long errors = warnings().stream().filter(e -> e.getLevel() == Level.ERROR).count();
    assertThat(plain.getCounters().skippedNoEmail() - before.skippedNoEmail()).isEqualTo(errors);
  }

  @Test
  void exceptionsTheApplicationResolvesAreItsOwnBusiness() throws Exception {
    assertThat(get("/payments/3", "jane-token").statusCode()).isEqualTo(402); // @ExceptionHandler
    assertErrorJson(get("/seats/4", "jane-token"), 409, "/seats/4"); // ResponseStatusException
    assertErrorJson(get("/search", "jane-token"), 400, "/search"); // missing parameter
    assertThat(get("/admin", "jane-token").statusCode()).isEqualTo(403); // Spring Security's

    assertThat(threadsCreated(0)).isEmpty();
    assertThat(plain.getCounters().skippedNoEmail() - before.skippedNoEmail()).isZero();
    assertNothingLoggedByPlain();
  }

  @Test
  void aFailedCompletableFutureBecomesOneThreadForTheCustomer() throws Exception {
    HttpResponse<String> jane = get("/quotes/5", "jane-token");

    assertThat(jane.statusCode()).isEqualTo(500);
    if (rendersAsyncErrorPage()) {
      assertErrorJson(jane, 500, "/quotes/5");
    }
    JsonNode thread = threadsCreated(1).get(0);
    assertThat(customerOf(thread)).isEqualTo("jane@example.com");
    assertThat(thread.path("title").asText()).startsWith("Bug Report: ArithmeticException");
    assertThat(thread.toString()).contains("GET /quotes/5");
    // An async dispatch's exception may be logged more than once (Tomcat: "threw exception",
    // then "with root cause"): the container's lines, with or without the starter.
    assertThat(warnings()).isNotEmpty().allMatch(containerLine());
  }

  @Test
  void aFailedCallableBecomesOneThreadForTheCustomer() throws Exception {
    HttpResponse<String> jane = get("/reports/6", "jane-token");

    assertThat(jane.statusCode()).isEqualTo(500);
    if (rendersAsyncErrorPage()) {
      assertErrorJson(jane, 500, "/reports/6");
    }
    JsonNode thread = threadsCreated(1).get(0);
    assertThat(customerOf(thread)).isEqualTo("jane@example.com");
    assertThat(thread.path("title").asText())
        .startsWith("Bug Report: UnsupportedOperationException");
    // An async dispatch's exception may be logged more than once (Tomcat: "threw exception",
    // then "with root cause"): the container's lines, with or without the starter.
    assertThat(warnings()).isNotEmpty().allMatch(containerLine());
  }

  @Test
  void anErrorLoggedByAnAsyncMethodBecomesAThreadForTheCustomerWithTheApplicationsDecorator()
      throws Exception {
    assertThat(get("/refunds/8", "jane-token").body()).isEqualTo("accepted");

    ILoggingEvent refund = awaitLine("Refund 8 failed");
    assertThat(refund.getMDCPropertyMap())
        .containsEntry("customerEmail", "jane@example.com")
        .containsEntry(ErrorShopApplication.TENANT_KEY, "acme") // the application's decorator ran
        .containsKey("requestId");
    JsonNode thread = threadsCreated(1).get(0);
    assertThat(customerOf(thread)).isEqualTo("jane@example.com");
    assertThat(thread.path("title").asText()).startsWith("Bug Report: IllegalStateException");
    assertThat(warnings()).containsExactly(refund);
    assertNothingLoggedByPlain();
  }

  @Test
  void anExceptionThrownByAnAsyncVoidMethodBecomesAThreadForTheCustomer() throws Exception {
    assertThat(get("/exports/9", "jane-token").body()).isEqualTo("accepted");

    // Spring's SimpleAsyncUncaughtExceptionHandler logs it, on the task's thread.
    ILoggingEvent export = awaitLine("Unexpected exception occurred invoking async method");
    JsonNode thread = threadsCreated(1).get(0);
    assertThat(customerOf(thread)).isEqualTo("jane@example.com");
    assertThat(thread.path("title").asText()).startsWith("Bug Report: IllegalArgumentException");
    assertThat(thread.toString()).contains("Export 9 has no rows");
    assertThat(warnings()).containsExactly(export);
  }

  @Test
  void anAnonymousRequestsAsyncErrorOpensNoThread() throws Exception {
    assertThat(get("/public/refunds/10", null).body()).isEqualTo("accepted");

    ILoggingEvent refund = awaitLine("Refund 10 failed");
    assertThat(refund.getMDCPropertyMap()).doesNotContainKey("customerEmail");
    assertThat(threadsCreated(0)).isEmpty();
    assertThat(plain.getCounters().skippedNoEmail() - before.skippedNoEmail()).isEqualTo(1);
  }

  /** The first line starting so, once logged (our list appender is the root's last). */
  private ILoggingEvent awaitLine(String start) {
    return await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                log.list.stream()
                    .filter(e -> e.getFormattedMessage().startsWith(start))
                    .findFirst()
                    .orElse(null),
            e -> e != null);
  }
}
