package com.example.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.plainlogback.PlainAppenderCounters;
import io.github.plainlogback.PlainThreadAppender;
import io.github.plainlogback.test.PlainStandIn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Hooks;

/**
 * The same application with Boot's default {@code spring.reactor.context-propagation=limited}: an
 * unhandled error is still the customer's thread (the filter reports it with the customer it
 * resolved), and so is an error logged inside {@code handle()}, which restores thread locals in
 * this mode; an error logged in a plain {@code map()} after {@code publishOn} runs with an MDC that
 * holds no customer, and opens no thread.
 */
@SpringBootTest(
    classes = ReactiveShopApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"plain.logback.api-key=plainApiKey_example"})
@Tag("webflux") // runs in the surefire execution with Netty and without the servlet stack
@DirtiesContext
@Timeout(60)
class ReactiveLimitedPropagationTest {
  static final PlainStandIn PLAIN = new PlainStandIn(true);

  @BeforeAll
  static void limited() {
    Hooks.disableAutomaticContextPropagation(); // whatever a class before this one enabled
  }

  @DynamicPropertySource
  static void plainUrl(DynamicPropertyRegistry registry) {
    registry.add("plain.logback.api-url", PLAIN::url);
  }

  @AfterAll
  static void stop() {
    PLAIN.close();
    PLAIN.assertOnlyValidCalls(); // as the extension checks a stand-in per test
  }

  @Value("${local.server.port}")
  int port;

  private final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> get(String path, String bearer) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Authorization", "Bearer " + bearer)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void unhandledErrorsAndHandleOperatorsCarryTheCustomerPlainOperatorsDoNot() throws Exception {
    PlainThreadAppender plain = PlainThreads.appender();
    PlainAppenderCounters before = plain.getCounters();

    assertThat(get("/stock/7", "jane-token").body()).isEqualTo("unknown");
    PlainAppenderCounters afterStock = plain.getCounters();
    assertThat(afterStock.captured() - before.captured()).as("map() after publishOn").isZero();
    assertThat(afterStock.skippedNoEmail() - before.skippedNoEmail()).isEqualTo(1);

    assertThat(get("/reservations/3", "jane-token").body()).isEqualTo("later");
    assertThat(plain.getCounters().captured() - before.captured()).as("handle()").isEqualTo(1);
    assertThat(
            PlainThreads.nextThreadFor(PLAIN, "jane@example.com")
                .variables()
                .path("input")
                .path("title")
                .asText())
        .startsWith("Bug Report: UnsupportedOperationException");

    assertThat(get("/orders/42", "jane-token").statusCode()).isEqualTo(500);
    assertThat(plain.getCounters().captured() - before.captured()).isEqualTo(2);
    PlainStandIn.Call thread = PlainThreads.nextThreadFor(PLAIN, "jane@example.com");
    assertThat(thread.variables().path("input").path("title").asText())
        .startsWith("Bug Report: IllegalStateException");
    assertThat(thread.body()).contains("GET /orders/42");
  }
}
