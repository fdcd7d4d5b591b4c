package com.example.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.plainlogback.test.PlainStandIn;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * In the prod profile, an authenticated customer's error becomes a Plain thread; an anonymous one
 * does not.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("prod")
@Timeout(60)
// Each profile configures the appender differently: close the context after the class, so the
// starter detaches its appender and the next test class attaches its own.
@DirtiesContext
class ProdProfileSmokeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The project's stand-in for Plain (plain-logback-test-support), checking every call against
   * Plain's schema.
   */
  static final PlainStandIn PLAIN = new PlainStandIn(true);

  // The starter reads plain.logback.* when its bean is created, so test properties work as for any
  // other Boot setting.
  @DynamicPropertySource
  static void plain(DynamicPropertyRegistry registry) {
    registry.add("plain.logback.api-url", () -> PLAIN.url());
    registry.add("plain.logback.api-key", () -> "plainApiKey_example");
  }

  @AfterAll
  static void stop() {
    PLAIN.close();
    PLAIN.assertOnlyValidCalls(); // as the extension checks a stand-in per test
  }

  @Autowired TestRestTemplate http;

  private JsonNode next() throws InterruptedException, IOException {
    PlainStandIn.Call call = PLAIN.nextCall(10);
    assertThat(call).as("a request reached the stand-in for Plain").isNotNull();
    return JSON.readTree(call.body());
  }

  @Test
  void authenticatedCustomersErrorBecomesAThreadAndAnAnonymousOneDoesNot() throws Exception {
    ResponseEntity<String> anonymous = http.postForEntity("/public/checkout/7", null, String.class);
    assertThat(anonymous.getStatusCode().value()).isEqualTo(500);
    assertThat(anonymous.getBody()).isEqualTo("checkout failed");

    ResponseEntity<String> jane =
        http.withBasicAuth("jane@example.com", "secret")
            .postForEntity("/checkout/42", null, String.class);
    assertThat(jane.getStatusCode().value()).isEqualTo(500);

    JsonNode upsert = next(); // the anonymous error, logged first, sent nothing: this is jane's
    assertThat(upsert.path("operationName").asText()).isEqualTo("upsertCustomer");
    assertThat(
            upsert.path("variables").path("input").path("identifier").path("emailAddress").asText())
        .isEqualTo("jane@example.com");
    assertThat(upsert.path("variables").path("input").path("onCreate").path("fullName").asText())
        .isEqualTo("Jane Doe");
    assertThat(next().path("operationName").asText()).isEqualTo("threadByExternalId");
    JsonNode thread = next();
    assertThat(thread.path("operationName").asText()).isEqualTo("createThread");
    assertThat(thread.path("variables").path("input").path("title").asText())
        .isEqualTo(
            "Bug Report: IllegalStateException in CheckoutController$PaymentService.charge: Checkout failed");
  }
}
