package com.example.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.plainlogback.PlainThreadAppender;
import io.github.plainlogback.test.PlainStandIn;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
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
 * The whole starter in a real Boot application: a signed-in JWT user's ERROR becomes a thread for
 * that customer in the stand-in for Plain, a service account's does not, and Actuator shows it.
 */
@SpringBootTest(
    classes = JwtShopApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "plain.logback.api-key=plainApiKey_example",
      // Nothing asks for the starter's bean: it must be created (and attach) all the same.
      "spring.main.lazy-initialization=true",
      "management.endpoints.web.exposure.include=health",
      "management.endpoint.health.show-details=always"
    })
@DirtiesContext // closes the context, so the starter's appender is detached for the next class
@Timeout(60)
class StarterEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final PlainStandIn PLAIN = new PlainStandIn(true);

  // The starter reads its settings from the environment when its bean is created, so test
  // properties work as for any Boot setting (unlike logback-spring.xml's <springProperty>).
  @DynamicPropertySource
  static void plainUrl(DynamicPropertyRegistry registry) {
    registry.add("plain.logback.api-url", () -> PLAIN.url());
  }

  @AfterAll
  static void stop() {
    PLAIN.close();
    PLAIN.assertOnlyValidCalls(); // as the extension checks a stand-in per test
  }

  @Value("${local.server.port}")
  int port;

  @Autowired MeterRegistry meters;
  @Autowired JwtShopApplication.StartupProbe probe;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(String path, String bearer) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode next() throws Exception {
    PlainStandIn.Call call = PLAIN.nextCall(10);
    assertThat(call).as("a request reached the stand-in for Plain").isNotNull();
    return JSON.readTree(call.body());
  }

  private static List<PlainThreadAppender> plainAppenders() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    List<PlainThreadAppender> found = new ArrayList<>();
    for (Logger logger : context.getLoggerList()) {
      for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
        if (it.next() instanceof PlainThreadAppender plain) {
          found.add(plain);
        }
      }
    }
    return found;
  }

  @Test
  void aSignedInJwtCustomersErrorBecomesTheirThreadAndActuatorShowsIt() throws Exception {
    assertThat(plainAppenders())
        .as("exactly one appender after Boot initialised logging")
        .hasSize(1);

    HttpResponse<String> service = get("/orders/7", "service-token");
    assertThat(service.statusCode()).isEqualTo(500);
    HttpResponse<String> jane = get("/orders/42", "jane-token");
    assertThat(jane.statusCode()).isEqualTo(500);

    JsonNode upsert = next(); // the service account's error sent nothing: this is jane's
    assertThat(upsert.path("operationName").asText()).isEqualTo("upsertCustomer");
    JsonNode input = upsert.path("variables").path("input");
    assertThat(input.path("identifier").path("emailAddress").asText())
        .isEqualTo("jane@example.com");
    assertThat(input.path("onCreate").path("fullName").asText()).isEqualTo("Jane Doe");
    assertThat(next().path("operationName").asText()).isEqualTo("threadByExternalId");
    JsonNode thread = next();
    assertThat(thread.path("operationName").asText()).isEqualTo("createThread");
    assertThat(
            thread
                .path("variables")
                .path("input")
                .path("customerIdentifier")
                .path("customerId")
                .asText())
        .isEqualTo("c_1");
    assertThat(thread.path("variables").path("input").path("title").asText())
        .startsWith("Bug Report: IllegalStateException");

    PlainThreadAppender plain = plainAppenders().get(0);
    await().atMost(Duration.ofSeconds(10)).until(() -> plain.getCounters().delivered() == 1);
    assertThat(plain.getCounters().skippedNoEmail()).isEqualTo(1);
    assertThat(
            meters
                .get("plain.logback.reports")
                .tag("outcome", "delivered")
                .functionCounter()
                .count())
        .isEqualTo(1.0);
    assertThat(
            meters
                .get("plain.logback.reports")
                .tag("outcome", "skipped_no_email")
                .functionCounter()
                .count())
        .isEqualTo(1.0);

    JsonNode health = JSON.readTree(get("/actuator/health", null).body());
    JsonNode component = health.path("components").path("plainLogback");
    assertThat(component.path("status").asText()).isEqualTo("UP");
    assertThat(component.path("details").path("delivered").asLong()).isEqualTo(1);
    assertThat(component.path("details").path("lastDelivered").asText()).isNotEqualTo("never");
    assertThat(component.path("details").path("authCooldown").asBoolean()).isFalse();
  }
}
