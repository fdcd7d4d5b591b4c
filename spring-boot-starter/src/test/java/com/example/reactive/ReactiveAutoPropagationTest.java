package com.example.reactive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.plainlogback.PlainAppenderCounters;
import io.github.plainlogback.PlainThreadAppender;
import io.github.plainlogback.spring.boot.PlainCustomerWebFilter;
import io.github.plainlogback.test.PlainStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Hooks;

/**
 * The starter in a WebFlux application on Netty with {@code
 * spring.reactor.context-propagation=auto}: an unhandled error and an error logged on another
 * scheduler each become one thread for the signed-in customer; 4xx answers, handled errors,
 * anonymous requests and service accounts none; responses and the application's log unchanged.
 */
@SpringBootTest(
    classes = ReactiveShopApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "plain.logback.api-key=plainApiKey_example",
      "plain.logback.request-id-mdc-key=requestId",
      "spring.reactor.context-propagation=auto"
    })
@Tag("webflux") // runs in the surefire execution with Netty and without the servlet stack
@DirtiesContext // closes the context, so the starter's appender is detached for the next class
@ExtendWith(OutputCaptureExtension.class)
@Timeout(60)
class ReactiveAutoPropagationTest {
  static final PlainStandIn PLAIN = new PlainStandIn(true);

  @DynamicPropertySource
  static void plainUrl(DynamicPropertyRegistry registry) {
    registry.add("plain.logback.api-url", PLAIN::url);
  }

  @AfterAll
  static void stop() {
    PLAIN.close();
    // Boot enables the hook for the JVM and never takes it back; the next class starts without.
    Hooks.disableAutomaticContextPropagation();
    PLAIN.assertOnlyValidCalls(); // as the extension checks a stand-in per test
  }

  @Value("${local.server.port}")
  int port;

  @Autowired ApplicationContext context;

  private final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> get(String path, String bearer) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static long lines(CapturedOutput output, String... parts) {
    return output
        .getOut()
        .lines()
        .filter(
            line -> {
              for (String part : parts) {
                if (!line.contains(part)) {
                  return false;
                }
              }
              return true;
            })
        .count();
  }

  @Test
  void theStartersWebFilterRunsRightAfterSpringSecurity() {
    // The order WebFlux applies them in (WebHttpHandlerBuilder sorts the beans the same way).
    List<WebFilter> filters = context.getBeanProvider(WebFilter.class).orderedStream().toList();
    int security = -1;
    for (int i = 0; i < filters.size(); i++) {
      if (filters.get(i) instanceof WebFilterChainProxy) {
        security = i;
      }
    }
    assertThat(security).as("Spring Security's filter chain").isNotNegative();
    assertThat(filters.get(security + 1)).isInstanceOf(PlainCustomerWebFilter.class);
  }

  @Test
  void anUnhandledErrorBecomesOneThreadForTheCustomerWithMethodAndPath(CapturedOutput output)
      throws Exception {
    PlainThreadAppender plain = PlainThreads.appender();
    PlainAppenderCounters before = plain.getCounters();

    HttpResponse<String> response = get("/orders/42?coupon=SECRET-COUPON", "jane-token");

    // The response is Boot's, unchanged: 500 with its error JSON.
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.body())
        .contains("\"path\":\"/orders/42\"")
        .contains("\"status\":500")
        .contains("\"error\":\"Internal Server Error\"");
    PlainStandIn.Call thread = PlainThreads.nextThreadFor(PLAIN, "jane@example.com");
    assertThat(thread.variables().path("input").path("title").asText())
        .startsWith("Bug Report: IllegalStateException")
        .contains("Order 42 is gone");
    assertThat(thread.body()).contains("GET /orders/42").doesNotContain("SECRET-COUPON");
    await().atMost(Duration.ofSeconds(10)).until(() -> plain.getCounters().delivered() == 1);

    // Boot logged its "500 Server Error" line with the same exception, once, and it made no
    // second report (the counters move before the response is written).
    assertThat(lines(output, "500 Server Error for HTTP GET", "/orders/42")).isEqualTo(1);
    PlainAppenderCounters after = plain.getCounters();
    assertThat(after.captured() - before.captured()).as("reports taken").isEqualTo(1);
    assertThat(after.deduplicated() - before.deduplicated()).isZero();
    // The application's log is its own: the starter wrote nothing into it.
    assertThat(lines(output, "plain.logback")).isZero();
    assertThat(lines(output, " ERROR ")).as("only Boot's line at ERROR").isEqualTo(1);
  }

  @Test
  void anErrorLoggedOnAnotherSchedulerBecomesTheCustomersThread(CapturedOutput output)
      throws Exception {
    PlainThreadAppender plain = PlainThreads.appender();
    long captured = plain.getCounters().captured();

    HttpResponse<String> response = get("/stock/7", "jane-token");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("unknown");
    assertThat(lines(output, "Stock check failed on boundedElastic-"))
        .as("logged on a boundedElastic thread, not Netty's")
        .isEqualTo(1);
    assertThat(plain.getCounters().captured() - captured).isEqualTo(1);
    PlainStandIn.Call thread = PlainThreads.nextThreadFor(PLAIN, "jane@example.com");
    assertThat(thread.variables().path("input").path("title").asText())
        .startsWith("Bug Report: IllegalArgumentException")
        .contains("Stock check failed on boundedElastic-");
  }

  @Test
  void anErrorResponseThatBootAnswersWith500IsTheCustomersThread() throws Exception {
    HttpResponse<String> response = get("/problems/5", "jane-token");
    assertThat(response.statusCode()).as("Boot's answer, unchanged").isEqualTo(500);
    assertThat(
            PlainThreads.nextThreadFor(PLAIN, "jane@example.com")
                .variables()
                .path("input")
                .path("title")
                .asText())
        .startsWith("Bug Report: ErrorResponseException");
  }

  @Test
  void errorsThatAreNotUnhandledServerErrorsOfACustomerOpenNoThread() throws Exception {
    PlainThreadAppender plain = PlainThreads.appender();
    PlainAppenderCounters before = plain.getCounters();

    assertThat(get("/missing/9", "jane-token").statusCode()).isEqualTo(404);
    assertThat(get("/invalid/9", "jane-token").statusCode()).isEqualTo(400);
    assertThat(get("/nowhere", "jane-token").statusCode()).isEqualTo(404);
    HttpResponse<String> handled = get("/conflict/9", "jane-token");
    assertThat(handled.statusCode()).isEqualTo(409);
    assertThat(handled.body()).isEqualTo("conflict");
    assertThat(get("/public/boom", null).statusCode()).as("anonymous").isEqualTo(500);
    assertThat(get("/orders/9", "service-token").statusCode()).as("not a customer").isEqualTo(500);
    assertThat(get("/orders/9", "forged-token").statusCode()).isEqualTo(401);

    // Each report is counted before its response is written: none was taken.
    PlainAppenderCounters after = plain.getCounters();
    assertThat(after.captured() - before.captured()).isZero();
    // Boot's "500 Server Error" lines of the anonymous and the service request had no customer.
    assertThat(after.skippedNoEmail() - before.skippedNoEmail()).isEqualTo(2);
  }
}
