package io.github.plainlogback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * MockWebServer answering like Plain: customers are upserted by email, threads created for known customer ids. Every
 * GraphQL call is recorded, parsed, per operation. {@link #override} scripts a different answer for the next calls.
 */
public final class PlainStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One parsed request. */
  public record Call(String operation, JsonNode variables, RecordedRequest raw) {
    public JsonNode input() {
      return variables.path("input");
    }
  }

  private final MockWebServer server = new MockWebServer();
  private final Map<String, String> customerIdsByEmail = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final List<Call> calls = new ArrayList<>();
  private final LinkedBlockingQueue<Call> threadCalls = new LinkedBlockingQueue<>();
  private volatile Function<Call, MockResponse> override;

  public PlainStandIn() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return answer(request);
          }
        });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return server.url("/graphql/v1").toString();
  }

  /** Answers calls with {@code script} instead (return null from it to answer normally). */
  public void override(Function<Call, MockResponse> script) {
    this.override = script;
  }

  /** The next createThread call, waiting at most {@code seconds}; null if none came. */
  public Call nextThread(long seconds) throws InterruptedException {
    return threadCalls.poll(seconds, TimeUnit.SECONDS);
  }

  /** createThread calls received so far that were not yet taken by {@link #nextThread}. */
  public int pendingThreads() {
    return threadCalls.size();
  }

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  public synchronized long count(String operation) {
    return calls.stream().filter(c -> c.operation().equals(operation)).count();
  }

  private MockResponse answer(RecordedRequest request) {
    JsonNode body;
    try {
      body = JSON.readTree(request.getBody() == null ? "" : request.getBody().utf8());
    } catch (IOException e) {
      return json(400, "{\"errors\":[{\"message\":\"bad json\"}]}");
    }
    Call call = new Call(body.path("operationName").asText(), body.path("variables"), request);
    synchronized (this) {
      calls.add(call);
    }
    Function<Call, MockResponse> script = override;
    MockResponse scripted = script == null ? null : script.apply(call);
    if (call.operation().equals("createThread")) {
      threadCalls.add(call);
    }
    if (scripted != null) {
      return scripted;
    }
    switch (call.operation()) {
      case "upsertCustomer" -> {
        String email = call.input().path("identifier").path("emailAddress").asText();
        String id = customerIdsByEmail.computeIfAbsent(email, e -> "c_" + ids.incrementAndGet());
        return json(200, "{\"data\":{\"upsertCustomer\":{\"result\":\"CREATED\",\"customer\":{\"id\":\"" + id
            + "\"},\"error\":null}}}");
      }
      case "createThread" -> {
        int n = ids.incrementAndGet();
        return json(200, "{\"data\":{\"createThread\":{\"thread\":{\"id\":\"th_" + n + "\",\"ref\":\"T-" + n
            + "\"},\"error\":null}}}");
      }
      default -> {
        return json(200, "{\"errors\":[{\"message\":\"unknown operation\"}]}");
      }
    }
  }

  public String customerId(String email) {
    return customerIdsByEmail.get(email);
  }

  public static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .addHeader("apigw-requestid", "req-" + code)
        .body(body)
        .build();
  }

  @Override
  public void close() {
    server.close();
  }
}
