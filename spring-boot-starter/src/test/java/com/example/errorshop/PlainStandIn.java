package com.example.errorshop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * Stands in for Plain's GraphQL API: answers the appender's operations and records every request it
 * got. Each customer gets an id of its own ({@code c_<email>}), so a thread names its customer.
 */
final class PlainStandIn {
  private static final ObjectMapper JSON = new ObjectMapper();

  final MockWebServer server = new MockWebServer();
  final List<JsonNode> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger threads = new AtomicInteger();

  PlainStandIn() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            JsonNode body;
            try {
              body = JSON.readTree(request.getBody().utf8());
            } catch (IOException e) {
              body = JSON.createObjectNode();
            }
            requests.add(body);
            String json =
                switch (body.path("operationName").asText()) {
                  case "upsertCustomer" ->
                      "{\"data\":{\"upsertCustomer\":{\"result\":\"CREATED\",\"customer\":{\"id\":\"c_"
                          + body.path("variables")
                              .path("input")
                              .path("identifier")
                              .path("emailAddress")
                              .asText()
                          + "\"},\"error\":null}}}";
                  case "threadByExternalId" -> "{\"data\":{\"threadByExternalId\":null}}";
                  case "createThread" ->
                      "{\"data\":{\"createThread\":{\"thread\":{\"id\":\"th_"
                          + threads.incrementAndGet()
                          + "\",\"ref\":\"T-1\"},\"error\":null}}}";
                  default -> "{\"errors\":[{\"message\":\"unknown operation\"}]}";
                };
            return new MockResponse.Builder()
                .code(200)
                .addHeader("Content-Type", "application/json")
                .body(json)
                .build();
          }
        });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The createThread inputs among the requests from index {@code from} on. */
  List<JsonNode> threadsSince(int from) {
    return requests.subList(from, requests.size()).stream()
        .filter(r -> r.path("operationName").asText().equals("createThread"))
        .map(r -> r.path("variables").path("input"))
        .toList();
  }
}
