package io.github.plainlogback.test.inbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A local stand-in for Plain, on loopback: it answers the GraphQL calls the appender makes,
 * checking them as Plain would (known customer, one member per component, 1 to 10,000 characters
 * per text, priority 0..3, external ids unique per customer), and serves an inbox page at {@code /}
 * listing the threads it received, newest first, rendered as Plain shows them. It never logs
 * through SLF4J: it runs inside the application whose appender it receives from.
 *
 * <p>Run it on its own ({@code java -jar plain-logback-test-support-<version>-inbox.jar}, see
 * docs/local-inbox.md) and point an application's {@code <inboxUrl>} at it to watch that
 * application's reports before enabling Plain (the appender then sends it a placeholder key, never
 * the real one, and nothing to Plain).
 */
public final class LocalPlain implements AutoCloseable {
  static final int MAX_TEXT = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  /**
   * One component as Plain shows it: {@code text} (markdown subset), {@code plainText}, {@code
   * divider}, other.
   */
  public record Component(String kind, String text) {}

  /** A "Happened again" event on a thread. */
  public record ReceivedEvent(
      String id, String externalId, String title, List<Component> components, Instant at) {}

  /** A thread as the stand-in stored it. */
  public static final class ReceivedThread {
    public final String id;
    public final String ref;
    public final String customerId;
    public final String customerEmail;
    public final String customerName;
    public final String title;
    public final List<String> labelTypeIds;
    public final List<Map<String, Object>> threadFields;
    public final Integer priority;
    public final String externalId;
    public final List<Component> components;
    public final String rawRequest;
    public final Instant createdAt = Instant.now();
    public final List<ReceivedEvent> events = new CopyOnWriteArrayList<>();

    /**
     * The ids of the threads this one is linked to (RELATED_TO: the same bug, another customer).
     */
    public final List<String> relatedTo = new CopyOnWriteArrayList<>();

    volatile String status = "TODO";

    ReceivedThread(
        String id,
        String ref,
        Customer customer,
        String title,
        List<String> labelTypeIds,
        List<Map<String, Object>> threadFields,
        Integer priority,
        String externalId,
        List<Component> components,
        String rawRequest) {
      this.id = id;
      this.ref = ref;
      this.customerId = customer.id();
      this.customerEmail = customer.email();
      this.customerName = customer.fullName();
      this.title = title;
      this.labelTypeIds = List.copyOf(labelTypeIds);
      this.threadFields = List.copyOf(threadFields);
      this.priority = priority;
      this.externalId = externalId;
      this.components = List.copyOf(components);
      this.rawRequest = rawRequest;
    }

    public String status() {
      return status;
    }

    /** The thread as a block of text, for a terminal. */
    public String render() {
      StringBuilder s = new StringBuilder();
      s.append("── Plain thread ")
          .append(ref)
          .append(" (")
          .append(id)
          .append(") for ")
          .append(customerName)
          .append(" <")
          .append(customerEmail)
          .append("> ──\n");
      s.append("Title:    ").append(title).append('\n');
      s.append("Priority: ").append(priority == null ? "2 (default)" : priority).append('\n');
      if (!labelTypeIds.isEmpty()) {
        s.append("Labels:   ").append(String.join(", ", labelTypeIds)).append('\n');
      }
      for (Map<String, Object> f : threadFields) {
        s.append("Field:    ")
            .append(f.get("key"))
            .append(" = ")
            .append(fieldValue(f))
            .append('\n');
      }
      for (Component c : components) {
        switch (c.kind()) {
          case "divider" -> s.append("────────────────────────────────────────\n");
          case "text", "plainText" ->
              s.append(c.text()).append(c.text().endsWith("\n") ? "" : "\n");
          default -> s.append("[").append(c.kind()).append("]\n");
        }
      }
      for (ReceivedEvent e : events) {
        s.append("  + event: ").append(e.title()).append('\n');
      }
      return s.toString();
    }
  }

  record Customer(String id, String email, String fullName) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Customer> customersByEmail = new ConcurrentHashMap<>();
  private final Map<String, Customer> customersById = new ConcurrentHashMap<>();
  private final List<ReceivedThread> threads = new CopyOnWriteArrayList<>();
  private final Map<String, String> eventIds = new ConcurrentHashMap<>();
  private final List<Consumer<ReceivedThread>> listeners = new CopyOnWriteArrayList<>();
  private final Object arrivals = new Object();
  private int refs;

  private LocalPlain(int port) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "local-plain");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/graphql/v1", this::graphql);
    server.createContext("/", this::inbox);
    server.start();
  }

  /** Starts on 127.0.0.1; port 0 picks a free one. */
  public static LocalPlain start(int port) {
    try {
      return new LocalPlain(port);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not start the local stand-in for Plain on port " + port, e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The GraphQL endpoint, for {@code <inboxUrl>}. */
  public String graphqlUrl() {
    return "http://127.0.0.1:" + port() + "/graphql/v1";
  }

  /** The inbox page. */
  public String inboxUrl() {
    return "http://127.0.0.1:" + port() + "/";
  }

  /** Threads received so far, in arrival order. */
  public List<ReceivedThread> threads() {
    return List.copyOf(threads);
  }

  /** Calls {@code listener} with each thread as it arrives. */
  public void onThread(Consumer<ReceivedThread> listener) {
    listeners.add(listener);
  }

  /** Prints each thread to {@code out} as it arrives. */
  public void printTo(PrintStream out) {
    onThread(t -> out.println(t.render()));
  }

  /** Waits until at least {@code count} threads arrived; false if {@code timeout} passed first. */
  public boolean awaitThreads(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (arrivals) {
      while (threads.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(arrivals, left);
      }
      return true;
    }
  }

  /** Support marks a thread done (for trying the "bug is back" rule). */
  public void markDone(String threadId) {
    threads.stream().filter(t -> t.id.equals(threadId)).forEach(t -> t.status = "DONE");
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  // ------------------------------------------------------------------ GraphQL

  private void graphql(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "{\"errors\":[{\"message\":\"POST only\"}]}");
        return;
      }
      String auth = exchange.getRequestHeaders().getFirst("Authorization");
      if (auth == null || !auth.startsWith("Bearer plainApiKey_")) {
        send(
            exchange,
            401,
            "{\"errors\":[{\"message\":\"Authentication required\",\"extensions\":{\"code\":\"UNAUTHENTICATED\"}}]}");
        return;
      }
      String raw;
      JsonNode body;
      try (InputStream in = exchange.getRequestBody()) {
        raw = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        body = JSON.readTree(raw);
      } catch (IOException e) {
        send(
            exchange,
            400,
            "{\"errors\":[{\"message\":\"Malformed JSON body\",\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
        return;
      }
      if (body == null || !body.isObject()) {
        send(
            exchange,
            400,
            "{\"errors\":[{\"message\":\"Malformed JSON body\",\"extensions\":{\"code\":\"BAD_USER_INPUT\"}}]}");
        return;
      }
      String operation = body.path("operationName").asText("");
      String query = body.path("query").asText("");
      JsonNode variables = body.path("variables");
      ObjectNode answer =
          switch (operation.isEmpty() ? guess(query) : operation) {
            case "upsertCustomer" -> upsertCustomer(variables.path("input"));
            case "createThread" -> createThread(variables.path("input"), raw);
            case "threadByExternalId" -> threadByExternalId(variables);
            case "threadStatus" -> threadStatus(variables);
            case "createThreadEvent" -> createThreadEvent(variables.path("input"));
            case "createThreadLink" -> createThreadLink(variables.path("input"));
            case "bugThreads" -> bugThreads(variables);
            default ->
                graphQlError("Cannot query field \"" + operation + "\" on type \"Mutation\".");
          };
      send(exchange, 200, JSON.writeValueAsString(answer));
    }
  }

  private static String guess(String query) {
    for (String op :
        List.of("upsertCustomer", "createThreadEvent", "createThread", "threadByExternalId")) {
      if (query.contains(op + "(")) {
        return op;
      }
    }
    return "";
  }

  private ObjectNode upsertCustomer(JsonNode input) {
    String email = input.path("identifier").path("emailAddress").asText("");
    if (email.isBlank() || !input.has("onCreate") || !input.has("onUpdate")) {
      return mutationError(
          "upsertCustomer",
          "VALIDATION",
          "input_validation",
          "identifier.emailAddress",
          "required");
    }
    String fullName = input.path("onCreate").path("fullName").asText("");
    if (fullName.isBlank()) {
      return mutationError(
          "upsertCustomer", "VALIDATION", "input_validation", "onCreate.fullName", "required");
    }
    boolean[] created = {false};
    Customer c =
        customersByEmail.computeIfAbsent(
            email,
            e -> {
              created[0] = true;
              Customer n = new Customer("c_" + ulid(), e, fullName);
              customersById.put(n.id(), n);
              return n;
            });
    ObjectNode out = JSON.createObjectNode();
    ObjectNode result = out.putObject("data").putObject("upsertCustomer");
    result.put("result", created[0] ? "CREATED" : "NOOP");
    result.putObject("customer").put("id", c.id());
    result.putNull("error");
    return out;
  }

  private ObjectNode createThread(JsonNode input, String raw) {
    Customer customer =
        customersById.get(input.path("customerIdentifier").path("customerId").asText(""));
    if (customer == null) {
      return mutationError(
          "createThread",
          "VALIDATION",
          "not_found",
          "customerIdentifier.customerId",
          "Customer not found");
    }
    List<Component> components = new ArrayList<>();
    String problem = components(input.path("components"), components, true);
    if (problem != null) {
      return mutationError(
          "createThread", "VALIDATION", "input_validation", problem.split(" ", 2)[0], problem);
    }
    Integer priority = input.has("priority") ? input.path("priority").asInt() : null;
    if (priority != null && (priority < 0 || priority > 3)) {
      return mutationError(
          "createThread", "VALIDATION", "input_validation", "priority", "must be 0..3");
    }
    String externalId = input.hasNonNull("externalId") ? input.path("externalId").asText() : null;
    synchronized (arrivals) {
      if (externalId != null
          && threads.stream()
              .anyMatch(
                  t -> t.customerId.equals(customer.id()) && externalId.equals(t.externalId))) {
        return mutationError(
            "createThread",
            "VALIDATION",
            "input_validation",
            "externalId",
            "already used for this customer");
      }
      List<String> labels = new ArrayList<>();
      input.path("labelTypeIds").forEach(l -> labels.add(l.asText()));
      List<Map<String, Object>> fields = new ArrayList<>();
      input.path("threadFields").forEach(f -> fields.add(JSON.convertValue(f, Map.class)));
      ReceivedThread thread =
          new ReceivedThread(
              "th_" + ulid(),
              "T-" + (++refs),
              customer,
              input.path("title").asText(""),
              labels,
              fields,
              priority,
              externalId,
              components,
              pretty(raw));
      threads.add(thread);
      arrivals.notifyAll();
      listeners.forEach(l -> l.accept(thread));
      ObjectNode out = JSON.createObjectNode();
      ObjectNode result = out.putObject("data").putObject("createThread");
      result.putObject("thread").put("id", thread.id).put("ref", thread.ref);
      result.putNull("error");
      return out;
    }
  }

  private ObjectNode threadByExternalId(JsonNode variables) {
    String customerId = variables.path("customerId").asText("");
    String externalId = variables.path("externalId").asText("");
    return threadAnswer(
        "threadByExternalId",
        t -> t.customerId.equals(customerId) && externalId.equals(t.externalId));
  }

  private ObjectNode threadStatus(JsonNode variables) {
    String threadId = variables.path("threadId").asText("");
    return threadAnswer("thread", t -> t.id.equals(threadId));
  }

  /** {@code data.<field>}: the first matching thread's id, ref and status, or null. */
  private ObjectNode threadAnswer(
      String field, java.util.function.Predicate<ReceivedThread> which) {
    ObjectNode out = JSON.createObjectNode();
    ObjectNode data = out.putObject("data");
    threads.stream()
        .filter(which)
        .findFirst()
        .ifPresentOrElse(
            t -> data.putObject(field).put("id", t.id).put("ref", t.ref).put("status", t.status),
            () -> data.putNull(field));
    return out;
  }

  /** A RELATED_TO link from a new customer's thread to the bug's first thread. */
  private ObjectNode createThreadLink(JsonNode input) {
    String from = input.path("threadId").asText("");
    String to = input.path("plainThread").path("plainThreadId").asText("");
    ReceivedThread thread =
        threads.stream().filter(t -> t.id.equals(from)).findFirst().orElse(null);
    if (thread == null || threads.stream().noneMatch(t -> t.id.equals(to))) {
      return mutationError(
          "createThreadLink", "VALIDATION", "not_found", "threadId", "Thread not found");
    }
    thread.relatedTo.add(to);
    ObjectNode out = JSON.createObjectNode();
    ObjectNode result = out.putObject("data").putObject("createThreadLink");
    result.putObject("threadLink").put("id", "tl_" + ulid());
    result.putNull("error");
    return out;
  }

  /**
   * The threads of other customers whose thread field carries the fingerprint (the appender asks
   * only with {@code fingerprintThreadField} set), oldest first.
   */
  private ObjectNode bugThreads(JsonNode variables) {
    JsonNode filters = variables.path("filters");
    JsonNode field = filters.path("threadFields").path(0);
    String key = field.path("key").asText("");
    String value = field.path("stringValue").asText("");
    List<String> notCustomers = new ArrayList<>();
    filters.path("not").path("customerIds").forEach(c -> notCustomers.add(c.asText()));
    List<ReceivedThread> matching =
        threads.stream()
            .filter(t -> !notCustomers.contains(t.customerId))
            .filter(
                t ->
                    t.threadFields.stream()
                        .anyMatch(
                            f -> key.equals(f.get("key")) && value.equals(f.get("stringValue"))))
            .toList();
    ObjectNode out = JSON.createObjectNode();
    ObjectNode connection = out.putObject("data").putObject("threads");
    connection.put("totalCount", matching.size());
    var edges = connection.putArray("edges");
    int first = variables.path("first").asInt(matching.size());
    matching.stream()
        .limit(first)
        .forEach(t -> edges.addObject().putObject("node").put("id", t.id).put("ref", t.ref));
    return out;
  }

  private ObjectNode createThreadEvent(JsonNode input) {
    String threadId = input.path("threadId").asText("");
    ReceivedThread thread =
        threads.stream().filter(t -> t.id.equals(threadId)).findFirst().orElse(null);
    if (thread == null) {
      return mutationError(
          "createThreadEvent", "VALIDATION", "not_found", "threadId", "Thread not found");
    }
    if (input.path("title").asText("").isBlank()) {
      return mutationError(
          "createThreadEvent", "VALIDATION", "input_validation", "title", "required");
    }
    List<Component> components = new ArrayList<>();
    String problem = components(input.path("components"), components, false);
    if (problem != null) {
      return mutationError(
          "createThreadEvent", "VALIDATION", "input_validation", problem.split(" ", 2)[0], problem);
    }
    String externalId = input.hasNonNull("externalId") ? input.path("externalId").asText() : null;
    String id = "tev_" + ulid();
    if (externalId != null && eventIds.putIfAbsent(externalId, id) != null) {
      return mutationError(
          "createThreadEvent", "VALIDATION", "input_validation", "externalId", "must be unique");
    }
    thread.events.add(
        new ReceivedEvent(id, externalId, input.path("title").asText(), components, Instant.now()));
    ObjectNode out = JSON.createObjectNode();
    ObjectNode result = out.putObject("data").putObject("createThreadEvent");
    result.putObject("threadEvent").put("id", id);
    result.putNull("error");
    return out;
  }

  /** Parses components as Plain checks them; returns "<field path> <problem>" or null. */
  private static String components(JsonNode list, List<Component> out, boolean containerAllowed) {
    if (!list.isArray()) {
      return list.isMissingNode() || list.isNull() ? null : "components must be a list";
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode c = list.get(i);
      List<String> members = new ArrayList<>();
      for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!c.get(name).isNull()) {
          members.add(name);
        }
      }
      if (members.size() != 1) {
        return "components." + i + " must set exactly one member, sets " + members;
      }
      String member = members.get(0);
      if (member.equals("componentContainer") && !containerAllowed) {
        return "components." + i + ".componentContainer is not an event component";
      }
      switch (member) {
        case "componentText" -> {
          String text = c.path(member).path("text").asText("");
          if (text.isBlank() || text.length() > MAX_TEXT) {
            return "components."
                + i
                + ".componentText.text must be between 1 and 10000 characters, has "
                + text.length();
          }
          out.add(new Component("text", text));
        }
        case "componentPlainText" -> {
          String text = c.path(member).path("plainText").asText("");
          if (text.isBlank() || text.length() > MAX_TEXT) {
            return "components."
                + i
                + ".componentPlainText.plainText must be between 1 and 10000 characters, has "
                + text.length();
          }
          out.add(new Component("plainText", text));
        }
        case "componentDivider" -> out.add(new Component("divider", null));
        default -> out.add(new Component(member, null));
      }
    }
    return null;
  }

  private static ObjectNode mutationError(
      String field, String type, String code, String path, String message) {
    ObjectNode out = JSON.createObjectNode();
    ObjectNode result = out.putObject("data").putObject(field);
    result.putNull(
        field.equals("upsertCustomer")
            ? "customer"
            : field.equals("createThreadEvent") ? "threadEvent" : "thread");
    ObjectNode error = result.putObject("error");
    error.put("message", message).put("type", type).put("code", code);
    ArrayNode fields = error.putArray("fields");
    fields
        .addObject()
        .put("field", path)
        .put("message", message)
        .put("type", "not_found".equals(code) ? "NOT_FOUND" : "VALIDATION");
    return out;
  }

  private static ObjectNode graphQlError(String message) {
    ObjectNode out = JSON.createObjectNode();
    out.putArray("errors")
        .addObject()
        .put("message", message)
        .putObject("extensions")
        .put("code", "GRAPHQL_VALIDATION_FAILED");
    return out;
  }

  // ------------------------------------------------------------------ inbox

  private void inbox(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/")) {
        sendHtml(exchange, InboxPage.page(threads()));
      } else if (path.equals("/threads")) {
        sendHtml(exchange, InboxPage.threadList(threads()));
      } else if (path.startsWith("/raw/")) {
        String id = path.substring("/raw/".length());
        ReceivedThread t = threads.stream().filter(x -> x.id.equals(id)).findFirst().orElse(null);
        byte[] bytes = (t == null ? "not found" : t.rawRequest).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(t == null ? 404 : 200, bytes.length);
        exchange.getResponseBody().write(bytes);
      } else {
        byte[] bytes = "not found".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(404, bytes.length);
        exchange.getResponseBody().write(bytes);
      }
    }
  }

  private static void sendHtml(HttpExchange exchange, String html) throws IOException {
    byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("apigw-requestid", "local-" + ulid().substring(0, 10));
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static String pretty(String raw) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(raw));
    } catch (IOException e) {
      return raw;
    }
  }

  static String fieldValue(Map<String, Object> f) {
    for (String k : List.of("stringValue", "booleanValue", "numberValue", "dateValue")) {
      if (f.get(k) != null) {
        return String.valueOf(f.get(k));
      }
    }
    return "";
  }

  private static String ulid() {
    StringBuilder s = new StringBuilder(26);
    for (int i = 0; i < 26; i++) {
      s.append(CROCKFORD.charAt(RANDOM.nextInt(32)));
    }
    return s.toString();
  }

  /**
   * Runs the inbox on its own: {@code java -jar plain-logback-test-support-<version>-inbox.jar
   * [--port N]}, or {@code mvn -q -Pinbox test-compile exec:java} in this repository. The port is
   * {@code --port}, else {@code -Dinbox.port}, else 4780.
   */
  public static void main(String[] args) throws InterruptedException {
    LocalPlain plain = start(port(args));
    plain.printTo(System.out);
    System.out.println("Local Plain inbox:  " + plain.inboxUrl());
    System.out.println(
        "Point your appender at it:  <inboxUrl>" + plain.graphqlUrl() + "</inboxUrl>");
    System.out.println(
        "(it receives a placeholder key, never yours; nothing goes to Plain). Ctrl-C to stop.");
    Thread.currentThread().join();
  }

  static int port(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--port=")) {
        return Integer.parseInt(args[i].substring("--port=".length()));
      }
      if (args[i].equals("--port") && i + 1 < args.length) {
        return Integer.parseInt(args[i + 1]);
      }
      throw new IllegalArgumentException("usage: [--port N] (got " + args[i] + ")");
    }
    return Integer.getInteger("inbox.port", 4780);
  }
}
