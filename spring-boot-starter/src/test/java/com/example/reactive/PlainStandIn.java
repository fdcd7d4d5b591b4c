package com.example.reactive;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.plainlogback.PlainThreadAppender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.slf4j.LoggerFactory;

/**
 * Stands in for Plain's GraphQL API: a customer's id is made from their email, every thread is new.
 */
final class PlainStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MockWebServer server = new MockWebServer();

  /** One GraphQL request as received: its operation and its whole body. */
  record Sent(String operation, JsonNode variables, String body) {}

  PlainStandIn() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            JsonNode json = parse(request.getBody().utf8());
            String body =
                switch (json.path("operationName").asText()) {
                  case "upsertCustomer" ->
                      "{\"data\":{\"upsertCustomer\":{\"result\":\"CREATED\",\"customer\":{\"id\":\""
                          + customerId(
                              json.path("variables")
                                  .path("input")
                                  .path("identifier")
                                  .path("emailAddress")
                                  .asText())
                          + "\"},\"error\":null}}}";
                  case "threadByExternalId" -> "{\"data\":{\"threadByExternalId\":null}}";
                  case "createThread" ->
                      "{\"data\":{\"createThread\":{\"thread\":{\"id\":\"th_1\",\"ref\":\"T-1\"},\"error\":null}}}";
                  default -> "{\"errors\":[{\"message\":\"unknown operation\"}]}";
                };
            return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
          }
        });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return server.url("/graphql/v1").toString();
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  static String customerId(String email) {
    return "c_" + email.replaceAll("[^a-z]", "_");
  }

  Sent next() throws Exception {
    RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the stand-in for Plain").isNotNull();
    String body = request.getBody().utf8();
    JsonNode json = JSON.readTree(body);
    return new Sent(json.path("operationName").asText(), json.path("variables"), body);
  }

  /**
   * The next thread created (after its customer's upsert, unless the appender knows the customer
   * already, and the lookup); checks the customer it was for and returns the createThread request.
   */
  Sent nextThreadFor(String email) throws Exception {
    Sent sent = next();
    if (sent.operation().equals("upsertCustomer")) {
      assertThat(sent.variables().path("input").path("identifier").path("emailAddress").asText())
          .isEqualTo(email);
      sent = next();
    }
    assertThat(sent.operation()).isEqualTo("threadByExternalId");
    Sent thread = next();
    assertThat(thread.operation()).isEqualTo("createThread");
    assertThat(
            thread.variables().path("input").path("customerIdentifier").path("customerId").asText())
        .isEqualTo(customerId(email));
    return thread;
  }

  @Override
  public void close() {
    server.close();
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
