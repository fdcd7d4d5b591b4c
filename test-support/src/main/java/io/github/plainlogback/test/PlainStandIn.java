package io.github.plainlogback.test;

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
 * MockWebServer answering like Plain: customers are upserted by email, threads created for known
 * customer ids. Every GraphQL call is recorded, parsed, per operation. {@link #override} scripts a
 * different answer for the next calls.
 */
public final class PlainStandIn implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One parsed request; {@code arrivedNanos} is the stand-in's clock (System.nanoTime() unless
   * given one) when it received it.
   */
  public record Call(String operation, JsonNode variables, RecordedRequest raw, long arrivedNanos) {
    public JsonNode input() {
      return variables.path("input");
    }

    /** The request's whole body as sent. */
    public String body() {
      return raw.getBody() == null ? "" : raw.getBody().utf8();
    }
  }

  private final MockWebServer server = new MockWebServer();
  private final Map<String, String> customerIdsByEmail = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final List<Call> calls = new ArrayList<>();
  private final LinkedBlockingQueue<Call> threadCalls = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<Call> arrivals = new LinkedBlockingQueue<>();
  private volatile Function<Call, MockResponse> override;
  private final Map<String, java.util.Deque<Function<Call, MockResponse>>> steps =
      new ConcurrentHashMap<>();

  /** Threads that exist in "Plain": customerId + "/" + externalId -> thread id. */
  private final Map<String, String> threads = new ConcurrentHashMap<>();

  /** Thread id -> status (TODO unless marked DONE). */
  private final Map<String, String> statuses = new ConcurrentHashMap<>();

  /** Thread id -> the createThreadEvent calls recorded on it. */
  private final Map<String, List<Call>> events = new ConcurrentHashMap<>();

  private final Map<String, Call> eventsByExternalId = new ConcurrentHashMap<>();

  private final java.util.function.LongSupplier clock;

  /** A thread as created: its customer and its thread fields (key -> value as sent). */
  public record ThreadRecord(
      String id, int seq, String customerId, Map<String, String> fields, Call call) {}

  /** Thread id -> what createThread made of it, in creation order. */
  private final Map<String, ThreadRecord> threadRecords =
      java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());

  /** The createThreadLink calls that made a link, "from -> to". */
  private final List<String> links = new java.util.concurrent.CopyOnWriteArrayList<>();

  public PlainStandIn() {
    this(false, System::nanoTime);
  }

  /** A stand-in that stamps calls with {@code clock}, e.g. the appender's fake clock. */
  public PlainStandIn(java.util.function.LongSupplier clock) {
    this(false, clock);
  }

  public PlainStandIn(boolean checkSchema) {
    this(checkSchema, System::nanoTime);
  }

  /**
   * @param checkSchema check every call against Plain's schema on arrival and refuse an invalid one
   *     as Plain would (the schema is parsed here, before any appender calls, as it takes seconds
   *     on a busy machine)
   */
  public PlainStandIn(boolean checkSchema, java.util.function.LongSupplier clock) {
    this.clock = clock;
    this.checkSchema = checkSchema;
    if (checkSchema) {
      PlainSchema.problems("query q { __typename }", null);
    }
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

  /**
   * A URL on the stand-in that answers 204 and is not recorded: for an application under test to
   * call when it needs some server (e.g. a health check) without making a call to "Plain".
   */
  public String pingUrl() {
    return server.url(PING).toString();
  }

  /** Answers calls with {@code script} instead (return null from it to answer normally). */
  public void override(Function<Call, MockResponse> script) {
    this.override = script;
  }

  /**
   * Scripts the next calls of {@code operation}, one step per call, in order; after the last step
   * the stand-in answers normally again. A step returning null answers normally.
   */
  @SafeVarargs
  public final void script(String operation, Function<Call, MockResponse>... script) {
    steps
        .computeIfAbsent(operation, k -> new java.util.concurrent.ConcurrentLinkedDeque<>())
        .addAll(List.of(script));
  }

  /** A step: answer with this status and body (and "Name: value" headers). */
  public static Function<Call, MockResponse> respond(int code, String body, String... headers) {
    return call -> {
      MockResponse.Builder b = json(code, body).newBuilder();
      for (String h : headers) {
        b.addHeader(h);
      }
      return b.build();
    };
  }

  /** A step: do what Plain would (e.g. create the thread), but answer only after {@code delay}. */
  public Function<Call, MockResponse> answerLate(java.time.Duration delay) {
    return call ->
        normal(call).newBuilder().headersDelay(delay.toMillis(), TimeUnit.MILLISECONDS).build();
  }

  /** A step: do nothing and answer only after {@code delay}: a hanging server. */
  public static Function<Call, MockResponse> hang(java.time.Duration delay) {
    return call ->
        json(500, "{\"errors\":[{\"message\":\"too late\"}]}")
            .newBuilder()
            .headersDelay(delay.toMillis(), TimeUnit.MILLISECONDS)
            .build();
  }

  /**
   * Plain hanging: every call waits until {@link Stall#release()} (at most 30 s), then is answered
   * normally.
   */
  public Stall stall() {
    Stall stall = new Stall();
    override(
        call -> {
          stall.arrived.countDown();
          try {
            stall.released.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return null;
        });
    return stall;
  }

  /** See {@link #stall()}. */
  public static final class Stall {
    private final java.util.concurrent.CountDownLatch arrived =
        new java.util.concurrent.CountDownLatch(1);
    private final java.util.concurrent.CountDownLatch released =
        new java.util.concurrent.CountDownLatch(1);

    /** Whether a call reached the stalled stand-in within {@code seconds}. */
    public boolean awaitFirstCall(long seconds) throws InterruptedException {
      return arrived.await(seconds, TimeUnit.SECONDS);
    }

    public void release() {
      released.countDown();
    }
  }

  /** Threads that exist in the stand-in's state (created, whatever the client heard back). */
  public int threadsCreated() {
    return threads.size();
  }

  /** The id of the thread with this external id for this customer email, or null. */
  public String threadId(String email, String externalId) {
    return threads.get(customerId(email) + "/" + externalId);
  }

  /** Support marks the thread done. */
  public void markDone(String threadId) {
    statuses.put(threadId, "DONE");
  }

  /** The "Happened again" events recorded on a thread, in order. */
  public List<Call> events(String threadId) {
    return List.copyOf(events.getOrDefault(threadId, List.of()));
  }

  /** The next createThread call, waiting at most {@code seconds}; null if none came. */
  public Call nextThread(long seconds) throws InterruptedException {
    return threadCalls.poll(seconds, TimeUnit.SECONDS);
  }

  /**
   * The next call of any operation in arrival order (each once), waiting at most {@code seconds};
   * null if none came. Taken as it arrives, before it is answered.
   */
  public Call nextCall(long seconds) throws InterruptedException {
    return arrivals.poll(seconds, TimeUnit.SECONDS);
  }

  /**
   * The input of the next createThread call, waiting at most {@code seconds}; null if none came.
   */
  public JsonNode nextThreadInput(long seconds) throws InterruptedException {
    Call call = nextThread(seconds);
    return call == null ? null : call.input();
  }

  /** The email of the customer a createThread input is for, or null. */
  public String customerOf(JsonNode threadInput) {
    String id = threadInput.path("customerIdentifier").path("customerId").asText();
    return customerIdsByEmail.entrySet().stream()
        .filter(e -> e.getValue().equals(id))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse(null);
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

  private static final String PING = "/ping";

  private MockResponse answer(RecordedRequest request) {
    if (request.getUrl().encodedPath().equals(PING)) {
      return new MockResponse.Builder().code(204).build();
    }
    JsonNode body;
    try {
      body = JSON.readTree(request.getBody() == null ? "" : request.getBody().utf8());
    } catch (IOException e) {
      return json(400, "{\"errors\":[{\"message\":\"bad json\"}]}");
    }
    Call call =
        new Call(
            body.path("operationName").asText(),
            body.path("variables"),
            request,
            clock.getAsLong());
    synchronized (this) {
      calls.add(call);
    }
    arrivals.add(call);
    if (checkSchema) {
      List<String> problems = PlainSchema.problems(body.path("query").asText(), call.variables());
      if (!problems.isEmpty()) {
        schemaViolations.add(call.operation() + ": " + problems);
        return json(200, "{\"errors\":[{\"message\":\"schema: " + problems.size() + "\"}]}");
      }
    }
    Function<Call, MockResponse> script = override;
    java.util.Deque<Function<Call, MockResponse>> queued = steps.get(call.operation());
    Function<Call, MockResponse> step = queued == null ? null : queued.poll();
    MockResponse scripted =
        step != null ? step.apply(call) : script == null ? null : script.apply(call);
    MockResponse response = scripted != null ? scripted : normal(call);
    if (call.operation().equals("createThread")) {
      threadCalls.add(
          call); // after the state change, so a test that takes the call sees the thread
    }
    return response;
  }

  /** What Plain would answer, changing the stand-in's state as Plain would. */
  public MockResponse normal(Call call) {
    switch (call.operation()) {
      case "upsertCustomer" -> {
        String email = call.input().path("identifier").path("emailAddress").asText();
        String id = customerIdsByEmail.computeIfAbsent(email, e -> "c_" + ids.incrementAndGet());
        return json(
            200,
            "{\"data\":{\"upsertCustomer\":{\"result\":\"CREATED\",\"customer\":{\"id\":\""
                + id
                + "\"},\"error\":null}}}");
      }
      case "createThread" -> {
        int n = ids.incrementAndGet();
        String key =
            call.input().path("customerIdentifier").path("customerId").asText()
                + "/"
                + call.input().path("externalId").asText();
        if (threads.putIfAbsent(key, "th_" + n) != null) {
          // A thread's external id is unique per customer; Plain's exact answer is undocumented,
          // a VALIDATION error on the field is what the API notes expect.
          return json(
              200,
              "{\"data\":{\"createThread\":{\"thread\":null,\"error\":{\"message\":\"externalId already"
                  + " exists\",\"type\":\"VALIDATION\",\"code\":\"input_validation\",\"fields\":"
                  + "[{\"field\":\"externalId\",\"message\":\"must be unique\",\"type\":\"VALIDATION\"}]}}}}");
        }
        statuses.put("th_" + n, "TODO");
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        for (JsonNode f : call.input().path("threadFields")) {
          fields.put(f.path("key").asText(), f.path("stringValue").asText(null));
        }
        threadRecords.put(
            "th_" + n,
            new ThreadRecord(
                "th_" + n,
                n,
                call.input().path("customerIdentifier").path("customerId").asText(),
                fields,
                call));
        return json(
            200,
            "{\"data\":{\"createThread\":{\"thread\":{\"id\":\"th_"
                + n
                + "\",\"ref\":\"T-"
                + n
                + "\"},\"error\":null}}}");
      }
      case "threadByExternalId" -> {
        String id =
            threads.get(
                call.variables().path("customerId").asText()
                    + "/"
                    + call.variables().path("externalId").asText());
        return json(200, threadAnswer("threadByExternalId", id));
      }
      case "threadStatus" -> {
        String id = call.variables().path("threadId").asText();
        return json(200, threadAnswer("thread", statuses.containsKey(id) ? id : null));
      }
      case "createThreadEvent" -> {
        String threadId = call.input().path("threadId").asText();
        String externalId = call.input().path("externalId").asText();
        if (eventsByExternalId.putIfAbsent(externalId, call) != null) {
          return json(
              200,
              "{\"data\":{\"createThreadEvent\":{\"threadEvent\":null,\"error\":{\"message\":\"duplicate\","
                  + "\"type\":\"VALIDATION\",\"code\":\"input_validation\",\"fields\":[{\"field\":\"externalId\","
                  + "\"message\":\"already exists\",\"type\":\"VALIDATION\"}]}}}}");
        }
        events
            .computeIfAbsent(threadId, k -> new java.util.concurrent.CopyOnWriteArrayList<>())
            .add(call);
        return json(
            200,
            "{\"data\":{\"createThreadEvent\":{\"threadEvent\":{\"id\":\"tev_"
                + ids.incrementAndGet()
                + "\"},\"error\":null}}}");
      }
      case "bugThreads" -> {
        return json(200, threadsAnswer(call.variables()));
      }
      case "createThreadLink" -> {
        String from = call.input().path("threadId").asText();
        String to = call.input().path("plainThread").path("plainThreadId").asText();
        String link = from + " -> " + to;
        if (links.contains(link)) {
          return json(
              200,
              "{\"data\":{\"createThreadLink\":{\"threadLink\":null,\"error\":{\"message\":\"exists\","
                  + "\"type\":\"VALIDATION\",\"code\":\"thread_link_already_exists\",\"fields\":[]}}}}");
        }
        links.add(link);
        return json(
            200,
            "{\"data\":{\"createThreadLink\":{\"threadLink\":{\"id\":\"tl_"
                + ids.incrementAndGet()
                + "\"},\"error\":null}}}");
      }
      default -> {
        return json(200, "{\"errors\":[{\"message\":\"unknown operation\"}]}");
      }
    }
  }

  /**
   * {@code threads(filters, sortBy, first)} as Plain answers it, for the filters the appender
   * sends: {@code threadFields} (key and stringValue) and {@code not: {customerIds}}, oldest first.
   */
  private String threadsAnswer(JsonNode variables) {
    JsonNode filters = variables.path("filters");
    List<String> excluded = new ArrayList<>();
    filters.path("not").path("customerIds").forEach(c -> excluded.add(c.asText()));
    List<ThreadRecord> matching = new ArrayList<>();
    synchronized (threadRecords) {
      for (ThreadRecord t : threadRecords.values()) {
        boolean ok = !excluded.contains(t.customerId());
        for (JsonNode f : filters.path("threadFields")) {
          ok &= f.path("stringValue").asText().equals(t.fields().get(f.path("key").asText()));
        }
        if (ok) {
          matching.add(t);
        }
      }
    }
    if ("DESC".equals(variables.path("sortBy").path("direction").asText())) {
      java.util.Collections.reverse(matching);
    }
    int first = variables.path("first").asInt(50);
    StringBuilder edges = new StringBuilder();
    for (ThreadRecord t : matching.subList(0, Math.min(first, matching.size()))) {
      edges
          .append(edges.length() == 0 ? "" : ",")
          .append("{\"node\":{\"id\":\"")
          .append(t.id())
          .append("\",\"ref\":\"T-")
          .append(t.seq())
          .append("\"}}");
    }
    return "{\"data\":{\"threads\":{\"totalCount\":"
        + matching.size()
        + ",\"edges\":["
        + edges
        + "]}}}";
  }

  private final boolean checkSchema;

  private final List<String> schemaViolations = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Checked calls that did not validate against Plain's schema. */
  public List<String> schemaViolations() {
    return List.copyOf(schemaViolations);
  }

  /** The links made, as "fromThreadId -> toThreadId", in order. */
  public List<String> links() {
    return List.copyOf(links);
  }

  /** The thread as created, or null. */
  public ThreadRecord thread(String threadId) {
    return threadRecords.get(threadId);
  }

  /** {@code data.<field>}: the thread's id, ref and status, or null when there is none. */
  private String threadAnswer(String field, String id) {
    return id == null
        ? "{\"data\":{\"" + field + "\":null}}"
        : "{\"data\":{\""
            + field
            + "\":{\"id\":\""
            + id
            + "\",\"ref\":\"T-"
            + id.substring(3)
            + "\",\"status\":\""
            + statuses.get(id)
            + "\"}}}";
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
