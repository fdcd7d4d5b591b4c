package io.github.plainlogback.test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What Plain does with the operations the appender sends, in one place for both stand-ins: {@link
 * PlainStandIn} (over MockWebServer, for tests) and the local inbox ({@code inbox.LocalPlain}, over
 * the JDK's HTTP server). It holds Plain's state (customers upserted by email, threads, their
 * "Happened again" events, links) and answers {@code upsertCustomer}, {@code createThread}, {@code
 * threadByExternalId}, {@code threadStatus}, {@code createThreadEvent}, {@code bugThreads} (the
 * {@code threads} query) and {@code createThreadLink} as Plain does, checking what Plain checks
 * beyond its schema: a known customer, one member per component, 1 to 10,000 characters per text,
 * priority 0..3, thread external ids unique per customer, event external ids unique. The schema
 * itself is {@link PlainSchema}'s; {@link #refusal} is how Plain answers a call that does not
 * validate against it (API-NOTES §2: HTTP 200 with top-level {@code errors}).
 *
 * <p>It logs nothing and needs only Jackson (and graphql-java, through {@link PlainSchema}), so the
 * inbox can run inside the application whose appender it receives from.
 */
public final class PlainBehaviour {
  /** Plain's limit on one text component (API-NOTES §6). */
  public static final int MAX_TEXT = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  /** How Plain answers a call: an HTTP status and a JSON body. */
  public record Answer(int code, String body) {}

  /**
   * One GraphQL call as parsed: its operation ({@code operationName}, else the first field the
   * document asks for), its document, its variables and its body as sent.
   */
  public record Request(String operation, String query, JsonNode variables, String body) {
    public JsonNode input() {
      return variables.path("input");
    }
  }

  /** A customer as upserted. */
  public record Customer(String id, String email, String fullName) {}

  /**
   * One component as Plain shows it: {@code text} (markdown subset), {@code plainText}, {@code
   * divider}, other.
   */
  public record Component(String kind, String text) {}

  /** A "Happened again" event on a thread. */
  public static final class ReceivedEvent {
    private final String id;
    private final String externalId;
    private final String title;
    private final List<Component> components;
    private final Instant at;
    final Object origin;

    ReceivedEvent(
        String id,
        String externalId,
        String title,
        List<Component> components,
        Instant at,
        Object origin) {
      this.id = id;
      this.externalId = externalId;
      this.title = title;
      this.components = List.copyOf(components);
      this.at = at;
      this.origin = origin;
    }

    public String id() {
      return id;
    }

    public String externalId() {
      return externalId;
    }

    public String title() {
      return title;
    }

    public List<Component> components() {
      return components;
    }

    public Instant at() {
      return at;
    }
  }

  /** A thread as "Plain" stored it. */
  public static final class ReceivedThread {
    public final String id;
    public final String ref;

    /** The number in its ref ({@code T-<seq>}). */
    public final int seq;

    public final String customerId;
    public final String customerEmail;
    public final String customerName;
    public final String title;
    public final List<String> labelTypeIds;
    public final List<Map<String, Object>> threadFields;
    public final Integer priority;
    public final String externalId;
    public final List<Component> components;

    /** The request that created it, pretty-printed. */
    public final String rawRequest;

    public final Instant createdAt = Instant.now();
    public final List<ReceivedEvent> events = new CopyOnWriteArrayList<>();

    /**
     * The ids of the threads this one is linked to (RELATED_TO: the same bug, another customer).
     */
    public final List<String> relatedTo = new CopyOnWriteArrayList<>();

    /** What the front end gave with the call that created it (PlainStandIn: its Call). */
    final Object origin;

    volatile String status = "TODO";

    ReceivedThread(
        String id,
        int seq,
        Customer customer,
        String title,
        List<String> labelTypeIds,
        List<Map<String, Object>> threadFields,
        Integer priority,
        String externalId,
        List<Component> components,
        String rawRequest,
        Object origin) {
      this.id = id;
      this.seq = seq;
      this.ref = "T-" + seq;
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
      this.origin = origin;
    }

    public String status() {
      return status;
    }

    /** The {@code stringValue} of the thread field {@code key}, or null. */
    public String stringField(String key) {
      for (Map<String, Object> f : threadFields) {
        if (key.equals(f.get("key"))) {
          Object v = f.get("stringValue");
          return v == null ? null : String.valueOf(v);
        }
      }
      return null;
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

  private final boolean ulids;
  private int counter;
  private int refs;
  private final Map<String, Customer> customersByEmail = new ConcurrentHashMap<>();
  private final Map<String, Customer> customersById = new ConcurrentHashMap<>();
  private final List<ReceivedThread> threads = new CopyOnWriteArrayList<>();
  private final Set<String> eventExternalIds = ConcurrentHashMap.newKeySet();
  private final List<String> links = new CopyOnWriteArrayList<>();
  private final List<Consumer<ReceivedThread>> listeners = new CopyOnWriteArrayList<>();

  private PlainBehaviour(boolean ulids) {
    this.ulids = ulids;
  }

  /**
   * Ids numbered from one counter, as tests read them: the first customer is {@code c_1}, the
   * thread made next {@code th_2} with ref {@code T-2}, then {@code tev_3}, {@code tl_4}.
   */
  public static PlainBehaviour numbered() {
    return new PlainBehaviour(false);
  }

  /** Ids as Plain makes them: a prefix and a 26-character ULID; refs T-1, T-2, ... */
  public static PlainBehaviour withPlainIds() {
    return new PlainBehaviour(true);
  }

  // ------------------------------------------------------------------ the HTTP layer's answers

  /** The body as a call, or null when it is not a JSON object (answer {@link #malformed()}). */
  public static Request parse(String body) {
    JsonNode json;
    try {
      json = JSON.readTree(body == null ? "" : body);
    } catch (IOException e) {
      return null;
    }
    if (json == null || !json.isObject()) {
      return null;
    }
    String query = json.path("query").asText("");
    String operation = json.path("operationName").asText("");
    return new Request(
        operation.isEmpty() ? firstField(query) : operation, query, json.path("variables"), body);
  }

  /** A body that is not JSON: HTTP 400 with {@code BAD_USER_INPUT}. */
  public static Answer malformed() {
    return new Answer(
        400, errors(List.of(new PlainSchema.Problem("BAD_USER_INPUT", "Malformed JSON body"))));
  }

  /** A call without a Plain API key: HTTP 401 with {@code UNAUTHENTICATED}. */
  public static Answer unauthenticated() {
    return new Answer(
        401,
        errors(List.of(new PlainSchema.Problem("UNAUTHENTICATED", "Authentication required"))));
  }

  /** Whether an {@code Authorization} header carries a Plain API key (API-NOTES §1). */
  public static boolean hasPlainKey(String authorization) {
    return authorization != null && authorization.startsWith("Bearer plainApiKey_");
  }

  /**
   * How Plain answers a call its schema does not validate: HTTP 200, nothing done, one top-level
   * error per problem with its {@code extensions.code} (API-NOTES §2).
   */
  public static Answer refusal(List<PlainSchema.Problem> problems) {
    return new Answer(200, errors(problems));
  }

  private static String errors(List<PlainSchema.Problem> problems) {
    ObjectNode out = JSON.createObjectNode();
    var errors = out.putArray("errors");
    for (PlainSchema.Problem p : problems) {
      errors.addObject().put("message", p.message()).putObject("extensions").put("code", p.code());
    }
    return write(out);
  }

  // ------------------------------------------------------------------ the operations

  /**
   * What Plain answers to this (schema-valid) call, changing the state as Plain would. {@code
   * origin} is kept with the thread or event the call makes (PlainStandIn gives its Call).
   */
  public synchronized Answer answer(Request call, Object origin) {
    ObjectNode out =
        switch (call.operation()) {
          case "upsertCustomer" -> upsertCustomer(call.input());
          case "createThread" -> createThread(call.input(), call.body(), origin);
          case "threadByExternalId" ->
              threadAnswer(
                  "threadByExternalId",
                  threadByExternalId(
                      call.variables().path("customerId").asText(""),
                      call.variables().path("externalId").asText("")));
          case "threadStatus" ->
              threadAnswer("thread", thread(call.variables().path("threadId").asText("")));
          case "createThreadEvent" -> createThreadEvent(call.input(), origin);
          case "createThreadLink" -> createThreadLink(call.input());
          case "bugThreads" -> threads(call.variables());
          default -> {
            ObjectNode e = JSON.createObjectNode();
            e.putArray("errors")
                .addObject()
                .put(
                    "message",
                    "Cannot query field \"" + call.operation() + "\" on type \"Mutation\".")
                .putObject("extensions")
                .put("code", "GRAPHQL_VALIDATION_FAILED");
            yield e;
          }
        };
    return new Answer(200, write(out));
  }

  private ObjectNode upsertCustomer(JsonNode input) {
    String email = input.path("identifier").path("emailAddress").asText("");
    if (email.isBlank()) {
      return mutationError(
          "upsertCustomer", "input_validation", "identifier.emailAddress", "REQUIRED", "required");
    }
    String fullName = input.path("onCreate").path("fullName").asText("");
    if (fullName.isBlank() && !customersByEmail.containsKey(email)) {
      return mutationError(
          "upsertCustomer", "input_validation", "onCreate.fullName", "REQUIRED", "required");
    }
    boolean created = !customersByEmail.containsKey(email);
    Customer c =
        customersByEmail.computeIfAbsent(
            email,
            e -> {
              Customer n = new Customer(id("c_"), e, fullName);
              customersById.put(n.id(), n);
              return n;
            });
    ObjectNode out = JSON.createObjectNode();
    ObjectNode result = out.putObject("data").putObject("upsertCustomer");
    result.put("result", created ? "CREATED" : "NOOP");
    result.putObject("customer").put("id", c.id());
    result.putNull("error");
    return out;
  }

  @SuppressWarnings("unchecked")
  private ObjectNode createThread(JsonNode input, String raw, Object origin) {
    Customer customer =
        customersById.get(input.path("customerIdentifier").path("customerId").asText(""));
    if (customer == null) {
      return mutationError(
          "createThread",
          "not_found",
          "customerIdentifier.customerId",
          "NOT_FOUND",
          "Customer not found");
    }
    List<Component> components = new ArrayList<>();
    String problem = components(input.path("components"), components, true);
    if (problem != null) {
      return mutationError(
          "createThread", "input_validation", problem.split(" ", 2)[0], "VALIDATION", problem);
    }
    Integer priority = input.hasNonNull("priority") ? input.path("priority").asInt() : null;
    if (priority != null && (priority < 0 || priority > 3)) {
      return mutationError(
          "createThread", "input_validation", "priority", "VALIDATION", "must be 0..3");
    }
    String externalId = input.hasNonNull("externalId") ? input.path("externalId").asText() : null;
    if (externalId != null && threadByExternalId(customer.id(), externalId) != null) {
      // A thread's external id is unique per customer; Plain's exact answer is undocumented, a
      // VALIDATION error on the field is what the API notes expect.
      return mutationError(
          "createThread",
          "input_validation",
          "externalId",
          "VALIDATION",
          "already used for this customer");
    }
    List<String> labels = new ArrayList<>();
    input.path("labelTypeIds").forEach(l -> labels.add(l.asText()));
    List<Map<String, Object>> fields = new ArrayList<>();
    input.path("threadFields").forEach(f -> fields.add(JSON.convertValue(f, Map.class)));
    String id = id("th_");
    int seq = ulids ? ++refs : counter;
    ReceivedThread thread =
        new ReceivedThread(
            id,
            seq,
            customer,
            input.path("title").asText(""),
            labels,
            fields,
            priority,
            externalId,
            components,
            pretty(raw),
            origin);
    threads.add(thread);
    listeners.forEach(l -> l.accept(thread));
    ObjectNode out = JSON.createObjectNode();
    ObjectNode result = out.putObject("data").putObject("createThread");
    result.putObject("thread").put("id", thread.id).put("ref", thread.ref);
    result.putNull("error");
    return out;
  }

  /** {@code data.<field>}: the thread's id, ref and status, or null when there is none. */
  private static ObjectNode threadAnswer(String field, ReceivedThread t) {
    ObjectNode out = JSON.createObjectNode();
    ObjectNode data = out.putObject("data");
    if (t == null) {
      data.putNull(field);
    } else {
      data.putObject(field).put("id", t.id).put("ref", t.ref).put("status", t.status);
    }
    return out;
  }

  private ObjectNode createThreadEvent(JsonNode input, Object origin) {
    ReceivedThread thread = thread(input.path("threadId").asText(""));
    if (thread == null) {
      return mutationError(
          "createThreadEvent", "not_found", "threadId", "NOT_FOUND", "Thread not found");
    }
    if (input.path("title").asText("").isBlank()) {
      return mutationError(
          "createThreadEvent", "input_validation", "title", "REQUIRED", "required");
    }
    List<Component> components = new ArrayList<>();
    String problem = components(input.path("components"), components, false);
    if (problem != null) {
      return mutationError(
          "createThreadEvent", "input_validation", problem.split(" ", 2)[0], "VALIDATION", problem);
    }
    String externalId = input.hasNonNull("externalId") ? input.path("externalId").asText() : null;
    if (externalId != null && !eventExternalIds.add(externalId)) {
      // "can only be created once and fail on the second time" (API-NOTES §9)
      return mutationError(
          "createThreadEvent", "input_validation", "externalId", "VALIDATION", "must be unique");
    }
    String id = id("tev_");
    thread.events.add(
        new ReceivedEvent(
            id, externalId, input.path("title").asText(), components, Instant.now(), origin));
    ObjectNode out = JSON.createObjectNode();
    ObjectNode result = out.putObject("data").putObject("createThreadEvent");
    result.putObject("threadEvent").put("id", id);
    result.putNull("error");
    return out;
  }

  /** A RELATED_TO link from a new customer's thread to the bug's first thread. */
  private ObjectNode createThreadLink(JsonNode input) {
    String from = input.path("threadId").asText("");
    String to = input.path("plainThread").path("plainThreadId").asText("");
    ReceivedThread thread = thread(from);
    if (thread == null || thread(to) == null) {
      return mutationError(
          "createThreadLink", "not_found", "threadId", "NOT_FOUND", "Thread not found");
    }
    String link = from + " -> " + to;
    if (links.contains(link)) {
      ObjectNode out = JSON.createObjectNode();
      ObjectNode result = out.putObject("data").putObject("createThreadLink");
      result.putNull("threadLink");
      result
          .putObject("error")
          .put("message", "exists")
          .put("type", "VALIDATION")
          .put("code", "thread_link_already_exists")
          .putArray("fields");
      return out;
    }
    links.add(link);
    thread.relatedTo.add(to);
    ObjectNode out = JSON.createObjectNode();
    ObjectNode result = out.putObject("data").putObject("createThreadLink");
    result.putObject("threadLink").put("id", id("tl_"));
    result.putNull("error");
    return out;
  }

  /**
   * {@code threads(filters, sortBy, first)} as Plain answers it, for the filters the appender
   * sends: {@code threadFields} (key and stringValue) and {@code not: {customerIds}}, oldest first
   * unless sorted DESC.
   */
  private ObjectNode threads(JsonNode variables) {
    JsonNode filters = variables.path("filters");
    List<String> excluded = new ArrayList<>();
    filters.path("not").path("customerIds").forEach(c -> excluded.add(c.asText()));
    List<ReceivedThread> matching = new ArrayList<>();
    for (ReceivedThread t : threads) {
      boolean ok = !excluded.contains(t.customerId);
      for (JsonNode f : filters.path("threadFields")) {
        ok &= f.path("stringValue").asText().equals(t.stringField(f.path("key").asText()));
      }
      if (ok) {
        matching.add(t);
      }
    }
    if ("DESC".equals(variables.path("sortBy").path("direction").asText())) {
      Collections.reverse(matching);
    }
    int first = variables.path("first").asInt(50);
    ObjectNode out = JSON.createObjectNode();
    ObjectNode connection = out.putObject("data").putObject("threads");
    connection.put("totalCount", matching.size());
    var edges = connection.putArray("edges");
    matching.stream()
        .limit(first)
        .forEach(t -> edges.addObject().putObject("node").put("id", t.id).put("ref", t.ref));
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
      String operation, String code, String field, String fieldType, String message) {
    ObjectNode out = JSON.createObjectNode();
    ObjectNode result = out.putObject("data").putObject(operation);
    result.putNull(
        switch (operation) {
          case "upsertCustomer" -> "customer";
          case "createThreadEvent" -> "threadEvent";
          case "createThreadLink" -> "threadLink";
          default -> "thread";
        });
    ObjectNode error = result.putObject("error");
    error
        .put("message", message)
        .put("type", "VALIDATION")
        .put("code", code)
        .putArray("fields")
        .addObject()
        .put("field", field)
        .put("message", message)
        .put("type", fieldType);
    return out;
  }

  // ------------------------------------------------------------------ state, for the front ends

  /** Support marks a thread done (for trying the "bug is back" rule). */
  public void markDone(String threadId) {
    ReceivedThread t = thread(threadId);
    if (t != null) {
      t.status = "DONE";
    }
  }

  /** Threads created so far, in creation order. */
  public List<ReceivedThread> threads() {
    return List.copyOf(threads);
  }

  /** The thread with this id, or null. */
  public ReceivedThread thread(String threadId) {
    for (ReceivedThread t : threads) {
      if (t.id.equals(threadId)) {
        return t;
      }
    }
    return null;
  }

  /** The customer's thread with this external id, or null. */
  public ReceivedThread threadByExternalId(String customerId, String externalId) {
    for (ReceivedThread t : threads) {
      if (t.customerId.equals(customerId) && externalId.equals(t.externalId)) {
        return t;
      }
    }
    return null;
  }

  /** The customer upserted with this email, or null. */
  public Customer customerByEmail(String email) {
    return customersByEmail.get(email);
  }

  /** The customer with this id, or null. */
  public Customer customerById(String id) {
    return customersById.get(id);
  }

  /** The links made, as "fromThreadId -> toThreadId", in order. */
  public List<String> links() {
    return List.copyOf(links);
  }

  /** Calls {@code listener} with each thread as it is created (under the behaviour's lock). */
  public void onThread(Consumer<ReceivedThread> listener) {
    listeners.add(listener);
  }

  // ------------------------------------------------------------------ helpers

  private String id(String prefix) {
    int n = ++counter;
    return prefix + (ulids ? ulid() : String.valueOf(n));
  }

  private static String firstField(String query) {
    for (String op :
        List.of(
            "upsertCustomer",
            "createThreadEvent",
            "createThreadLink",
            "createThread",
            "threadByExternalId")) {
      if (query.contains(op + "(")) {
        return op;
      }
    }
    return "";
  }

  /** The value of a thread field as text, whichever of its values is set. */
  public static String fieldValue(Map<String, Object> f) {
    for (String k : List.of("stringValue", "booleanValue", "numberValue", "dateValue")) {
      if (f.get(k) != null) {
        return String.valueOf(f.get(k));
      }
    }
    return "";
  }

  private static String pretty(String raw) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(raw));
    } catch (IOException e) {
      return raw;
    }
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A 26-character ULID-shaped id (Crockford base32), as Plain's ids end. */
  public static String ulid() {
    StringBuilder s = new StringBuilder(26);
    for (int i = 0; i < 26; i++) {
      s.append(CROCKFORD.charAt(RANDOM.nextInt(32)));
    }
    return s.toString();
  }
}
