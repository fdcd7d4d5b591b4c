package it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** MockWebServer answering the appender's calls as Plain would, recording each createThread. */
final class PlainStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MockWebServer server = new MockWebServer();
  private final BlockingQueue<JsonNode> threads = new LinkedBlockingQueue<>();
  private final AtomicInteger threadCount = new AtomicInteger();
  private final Map<String, String> emailByCustomerId = new ConcurrentHashMap<>();

  PlainStandIn() throws Exception {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getUrl().encodedPath().equals("/ping")) {
              return new MockResponse.Builder().code(204).build();
            }
            JsonNode body;
            try {
              body = JSON.readTree(request.getBody().utf8());
            } catch (Exception e) {
              return json("{\"errors\":[{\"message\":\"bad json\"}]}");
            }
            String op = body.path("operationName").asText();
            return switch (op) {
              case "upsertCustomer" -> {
                // One id per email, so a thread tells whose it is (customerOf).
                String email =
                    body.path("variables")
                        .path("input")
                        .path("identifier")
                        .path("emailAddress")
                        .asText();
                String id = "c_" + Integer.toHexString(email.hashCode());
                emailByCustomerId.put(id, email);
                yield json(
                    "{\"data\":{\"upsertCustomer\":{\"result\":\"CREATED\",\"customer\":{\"id\":\""
                        + id
                        + "\"},\"error\":null}}}");
              }
              case "threadByExternalId" -> json("{\"data\":{\"threadByExternalId\":null}}");
              case "createThread" -> {
                int n = threadCount.incrementAndGet();
                threads.add(body);
                yield json(
                    "{\"data\":{\"createThread\":{\"thread\":{\"id\":\"th_"
                        + n
                        + "\",\"ref\":\"T-"
                        + n
                        + "\"},\"error\":null}}}");
              }
              default -> json("{\"errors\":[{\"message\":\"unknown operation " + op + "\"}]}");
            };
          }
        });
    server.start();
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  String url() {
    return server.url("/graphql/v1").toString();
  }

  String pingUrl() {
    return server.url("/ping").toString();
  }

  /** The next createThread's input, waiting at most {@code seconds}; null if none came. */
  JsonNode nextThread(long seconds) throws InterruptedException {
    JsonNode body = threads.poll(seconds, TimeUnit.SECONDS);
    return body == null ? null : body.path("variables").path("input");
  }

  /** The email of the customer a createThread input is for. */
  String customerOf(JsonNode thread) {
    return emailByCustomerId.get(thread.path("customerIdentifier").path("customerId").asText());
  }

  int threadsCreated() {
    return threadCount.get();
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
