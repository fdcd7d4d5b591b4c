package io.github.plainlogback.test;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * MockWebServer answering like Plain: every GraphQL call is recorded, parsed, per operation; with
 * the schema check on, a call Plain's schema rejects is refused as Plain refuses it ({@link
 * PlainSchema}); otherwise {@link PlainBehaviour} answers it, the same rules and state as the local
 * inbox's (customers upserted by email, threads for known customers, events, links, the {@code
 * threads} query). {@link #script} and {@link #override} script a different answer for the next
 * calls, for faults.
 */
public final class PlainStandIn implements AutoCloseable {
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

  /** Plain's state and its answer to each operation: the same as the local inbox's. */
  private final PlainBehaviour plain = PlainBehaviour.numbered();

  private final List<Call> calls = new ArrayList<>();
  private final LinkedBlockingQueue<Call> threadCalls = new LinkedBlockingQueue<>();
  private final LinkedBlockingQueue<Call> arrivals = new LinkedBlockingQueue<>();
  private volatile Function<Call, MockResponse> override;
  private final Map<String, java.util.Deque<Function<Call, MockResponse>>> steps =
      new ConcurrentHashMap<>();

  private final java.util.function.LongSupplier clock;

  /** A thread as created: its customer and its thread fields (key -> value as sent). */
  public record ThreadRecord(
      String id, int seq, String customerId, Map<String, String> fields, Call call) {}

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
      PlainSchema.load();
    }
    server.setServerSocketFactory(new Sockets());
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
    return plain.threads().size();
  }

  /** The id of the thread with this external id for this customer email, or null. */
  public String threadId(String email, String externalId) {
    String customerId = customerId(email);
    PlainBehaviour.ReceivedThread t =
        customerId == null ? null : plain.threadByExternalId(customerId, externalId);
    return t == null ? null : t.id;
  }

  /** Support marks the thread done. */
  public void markDone(String threadId) {
    plain.markDone(threadId);
  }

  /** The "Happened again" events recorded on a thread, in order. */
  public List<Call> events(String threadId) {
    PlainBehaviour.ReceivedThread t = plain.thread(threadId);
    return t == null ? List.of() : t.events.stream().map(e -> (Call) e.origin).toList();
  }

  /**
   * The threads, customers and events as "Plain" holds them (the state the local inbox shows), for
   * a test that wants more than the calls.
   */
  public PlainBehaviour state() {
    return plain;
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

  /**
   * The plain text of the component of a createThread input that starts with {@code heading} (the
   * last such, if several do), or null: how a test reads one block of the thread, such as "Before
   * the error".
   */
  public static String componentText(JsonNode threadInput, String heading) {
    String found = null;
    for (JsonNode c : threadInput.path("components")) {
      String t = c.path("componentPlainText").path("plainText").asText();
      if (t.startsWith(heading)) {
        found = t;
      }
    }
    return found;
  }

  /**
   * The next {@code threads} createThread inputs, each under its customer's email (a later one of
   * the same customer replaces an earlier); fails when one does not come within {@code seconds}.
   */
  public Map<String, JsonNode> nextThreadsByCustomer(int threads, long seconds)
      throws InterruptedException {
    Map<String, JsonNode> byCustomer = new java.util.HashMap<>();
    for (int i = 0; i < threads; i++) {
      Call call = nextThread(seconds);
      if (call == null) {
        throw new AssertionError(
            "thread " + (i + 1) + " of " + threads + " did not come within " + seconds + " s");
      }
      byCustomer.put(customerOf(call.input()), call.input());
    }
    return byCustomer;
  }

  /** The email of the customer a createThread input is for, or null. */
  public String customerOf(JsonNode threadInput) {
    PlainBehaviour.Customer c =
        plain.customerById(threadInput.path("customerIdentifier").path("customerId").asText());
    return c == null ? null : c.email();
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
    PlainBehaviour.Request parsed =
        PlainBehaviour.parse(request.getBody() == null ? "" : request.getBody().utf8());
    if (parsed == null) {
      return answer(PlainBehaviour.malformed());
    }
    Call call = new Call(parsed.operation(), parsed.variables(), request, clock.getAsLong());
    synchronized (this) {
      calls.add(call);
    }
    arrivals.add(call);
    if (checkSchema) {
      List<PlainSchema.Problem> problems = PlainSchema.check(parsed.query(), parsed.variables());
      if (!problems.isEmpty()) {
        schemaViolations.add(
            call.operation() + ": " + problems.stream().map(PlainSchema.Problem::message).toList());
        return answer(PlainBehaviour.refusal(problems));
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

  /**
   * What Plain would answer, changing the stand-in's state as Plain would ({@link PlainBehaviour},
   * the same answers as the local inbox's).
   */
  public MockResponse normal(Call call) {
    return answer(
        plain.answer(
            new PlainBehaviour.Request(call.operation(), "", call.variables(), call.body()), call));
  }

  private static MockResponse answer(PlainBehaviour.Answer answer) {
    return json(answer.code(), answer.body());
  }

  private final boolean checkSchema;

  private final List<String> schemaViolations = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Checked calls that did not validate against Plain's schema. */
  public List<String> schemaViolations() {
    return List.copyOf(schemaViolations);
  }

  /**
   * Fails when a checked call did not validate against Plain's schema: what {@link
   * PlainStandInExtension} does after each test, for a stand-in that lives longer (a Spring
   * context's, a launched JVM's), to call when it is done with it.
   */
  public void assertOnlyValidCalls() {
    List<String> violations = schemaViolations();
    if (!violations.isEmpty()) {
      throw new AssertionError("calls that did not validate against Plain's schema: " + violations);
    }
  }

  /** The links made, as "fromThreadId -> toThreadId", in order. */
  public List<String> links() {
    return plain.links();
  }

  /** The thread as created, or null. */
  public ThreadRecord thread(String threadId) {
    PlainBehaviour.ReceivedThread t = plain.thread(threadId);
    if (t == null) {
      return null;
    }
    Map<String, String> fields = new java.util.LinkedHashMap<>();
    for (Map<String, Object> f : t.threadFields) {
      Object v = f.get("stringValue");
      fields.put(String.valueOf(f.get("key")), v == null ? null : String.valueOf(v));
    }
    return new ThreadRecord(t.id, t.seq, t.customerId, fields, (Call) t.origin);
  }

  public String customerId(String email) {
    PlainBehaviour.Customer c = plain.customerByEmail(email);
    return c == null ? null : c.id();
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

  private volatile boolean sendAtOnce;

  /**
   * Answers on connections made from now on without Nagle's algorithm (TCP_NODELAY), as a web
   * server does. By default MockWebServer's answer body waits for the client's delayed ACK of the
   * headers, some 40 ms on every call on Linux; a measurement that gives the stand-in a latency of
   * its own ({@link #answerLate}) wants that latency and no other. Tests keep the default, whose
   * timing they were written against.
   */
  public PlainStandIn sendAtOnce() {
    sendAtOnce = true;
    return this;
  }

  /**
   * Server sockets that set TCP_NODELAY on each connection once {@link #sendAtOnce()} was called.
   */
  private final class Sockets extends javax.net.ServerSocketFactory {
    @Override
    public java.net.ServerSocket createServerSocket() throws IOException {
      return new java.net.ServerSocket() {
        @Override
        public java.net.Socket accept() throws IOException {
          java.net.Socket socket = super.accept();
          if (sendAtOnce) {
            socket.setTcpNoDelay(true);
          }
          return socket;
        }
      };
    }

    @Override
    public java.net.ServerSocket createServerSocket(int port) throws IOException {
      java.net.ServerSocket s = createServerSocket();
      s.bind(new java.net.InetSocketAddress(port));
      return s;
    }

    @Override
    public java.net.ServerSocket createServerSocket(int port, int backlog) throws IOException {
      java.net.ServerSocket s = createServerSocket();
      s.bind(new java.net.InetSocketAddress(port), backlog);
      return s;
    }

    @Override
    public java.net.ServerSocket createServerSocket(
        int port, int backlog, java.net.InetAddress address) throws IOException {
      java.net.ServerSocket s = createServerSocket();
      s.bind(new java.net.InetSocketAddress(address, port), backlog);
      return s;
    }
  }
}
