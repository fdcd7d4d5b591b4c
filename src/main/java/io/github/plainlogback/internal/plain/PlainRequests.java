package io.github.plainlogback.internal.plain;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.plainlogback.internal.compose.EventDraft;
import io.github.plainlogback.internal.compose.ThreadDraft;
import io.github.plainlogback.internal.compose.ThreadFieldValue;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every GraphQL document the appender sends, and the builders of their variables. Selection sets
 * are minimal on purpose: Plain checks permissions per selected field, so {@code thread { id ref }}
 * keeps the key's needs at thread:create/read and customer:create/edit. The contract test validates
 * all of this against Plain's schema.
 */
public final class PlainRequests {
  static final String MUTATION_ERROR = "error { message type code fields { field message type } }";

  public static final String UPSERT_CUSTOMER =
      "mutation upsertCustomer($input: UpsertCustomerInput!) {"
          + " upsertCustomer(input: $input) { result customer { id } "
          + MUTATION_ERROR
          + " } }";

  public static final String CREATE_THREAD =
      "mutation createThread($input: CreateThreadInput!) {"
          + " createThread(input: $input) { thread { id ref } "
          + MUTATION_ERROR
          + " } }";

  public static final String THREAD_BY_EXTERNAL_ID =
      "query threadByExternalId($customerId: ID!, $externalId: ID!) {"
          + " threadByExternalId(customerId: $customerId, externalId: $externalId) { id ref status } }";

  /** Whether support marked a thread done, checked before adding aggregated repeats to it. */
  public static final String THREAD_STATUS =
      "query threadStatus($threadId: ID!) { thread(threadId: $threadId) { id ref status } }";

  public static final String CREATE_THREAD_EVENT =
      "mutation createThreadEvent($input: CreateThreadEventInput!) {"
          + " createThreadEvent(input: $input) { threadEvent { id } "
          + MUTATION_ERROR
          + " } }";

  /**
   * A bug's threads of other customers (issue 19): filtered by the thread field that holds the
   * fingerprint, oldest first, one node (the bug's first thread) and the total count.
   */
  public static final String BUG_THREADS =
      "query bugThreads($filters: ThreadsFilter, $sortBy: ThreadsSort, $first: Int) {"
          + " threads(filters: $filters, sortBy: $sortBy, first: $first) {"
          + " totalCount edges { node { id ref } } } }";

  /** Links a new customer's thread to the bug's first thread. */
  public static final String CREATE_THREAD_LINK =
      "mutation createThreadLink($input: CreateThreadLinkInput!) {"
          + " createThreadLink(input: $input) { threadLink { id } "
          + MUTATION_ERROR
          + " } }";

  /** All documents, for the contract test. */
  public static final List<String> ALL_DOCUMENTS =
      List.of(
          UPSERT_CUSTOMER,
          CREATE_THREAD,
          THREAD_BY_EXTERNAL_ID,
          THREAD_STATUS,
          CREATE_THREAD_EVENT,
          BUG_THREADS,
          CREATE_THREAD_LINK);

  private final ObjectMapper json;

  public PlainRequests(ObjectMapper json) {
    this.json = json;
  }

  /**
   * Creates the customer if no customer has this email; {@code onUpdate: {}} leaves an existing one
   * untouched.
   */
  public GraphQlRequest upsertCustomer(String email, @Nullable String fullName) {
    ObjectNode input = json.createObjectNode();
    input.putObject("identifier").put("emailAddress", email);
    ObjectNode onCreate = input.putObject("onCreate");
    onCreate.put("fullName", fullName == null || fullName.isBlank() ? email : fullName);
    onCreate.putObject("email").put("email", email).put("isVerified", false);
    input.putObject("onUpdate");
    return request("upsertCustomer", UPSERT_CUSTOMER, input);
  }

  public GraphQlRequest createThread(ThreadDraft draft, String customerId) {
    ObjectNode input = json.createObjectNode();
    input.putObject("customerIdentifier").put("customerId", customerId);
    input.put("title", draft.title());
    putComponents(input, draft.components());
    if (!draft.labelTypeIds().isEmpty()) {
      ArrayNode labels = input.putArray("labelTypeIds");
      draft.labelTypeIds().forEach(labels::add);
    }
    if (!draft.threadFields().isEmpty()) {
      ArrayNode fields = input.putArray("threadFields");
      for (ThreadFieldValue f : draft.threadFields()) {
        ObjectNode field = fields.addObject().put("key", f.key()).put("type", f.type().name());
        switch (f.type()) {
          case STRING, ENUM -> field.put("stringValue", (String) f.value());
          case BOOL -> field.put("booleanValue", (Boolean) f.value());
          case NUMBER -> field.put("numberValue", (Double) f.value());
          case DATE -> field.put("dateValue", (String) f.value());
        }
      }
    }
    input.put("priority", draft.priority());
    input.put("externalId", draft.externalId());
    return request("createThread", CREATE_THREAD, input);
  }

  /**
   * Components as {@code ComponentInput} / {@code EventComponentInput}: for what we send, both have
   * the same shape.
   */
  private static void putComponents(ObjectNode input, List<ThreadDraft.Component> list) {
    ArrayNode components = input.putArray("components");
    for (ThreadDraft.Component c : list) {
      ObjectNode component = components.addObject();
      switch (c.kind()) {
        case TEXT -> component.putObject("componentText").put("text", c.text());
        case PLAIN_TEXT -> component.putObject("componentPlainText").put("plainText", c.text());
        case DIVIDER -> component.putObject("componentDivider").put("dividerSpacingSize", "M");
      }
    }
  }

  /**
   * An internal timeline event on a thread, never shown to the customer.
   *
   * @param externalId unique per event, so a retried event is recorded once
   */
  public GraphQlRequest createThreadEvent(String threadId, EventDraft event, String externalId) {
    ObjectNode input = json.createObjectNode();
    input.put("threadId", threadId);
    input.put("externalId", externalId);
    input.put("title", event.title());
    putComponents(input, event.components());
    return request("createThreadEvent", CREATE_THREAD_EVENT, input);
  }

  public GraphQlRequest threadByExternalId(String customerId, String externalId) {
    ObjectNode variables =
        json.createObjectNode().put("customerId", customerId).put("externalId", externalId);
    return new GraphQlRequest(
        "threadByExternalId", "threadByExternalId", THREAD_BY_EXTERNAL_ID, variables);
  }

  /**
   * The threads whose STRING field {@code fieldKey} holds {@code fingerprint}, of customers other
   * than {@code customerId}, oldest first: the first one and how many there are.
   */
  public GraphQlRequest bugThreads(String fieldKey, String fingerprint, String customerId) {
    ObjectNode variables = json.createObjectNode();
    ObjectNode filters = variables.putObject("filters");
    filters
        .putArray("threadFields")
        .addObject()
        .put("key", fieldKey)
        .put("stringValue", fingerprint);
    filters.putObject("not").putArray("customerIds").add(customerId);
    variables.putObject("sortBy").put("field", "CREATED_AT").put("direction", "ASC");
    variables.put("first", 1);
    return new GraphQlRequest("bugThreads", "threads", BUG_THREADS, variables);
  }

  /** A RELATED_TO link from {@code threadId} to the Plain thread {@code toThreadId}. */
  public GraphQlRequest createThreadLink(String threadId, String toThreadId) {
    ObjectNode input = json.createObjectNode();
    input.put("threadId", threadId);
    input.putObject("plainThread").put("plainThreadId", toThreadId).put("linkType", "RELATED_TO");
    return request("createThreadLink", CREATE_THREAD_LINK, input);
  }

  public GraphQlRequest threadStatus(String threadId) {
    ObjectNode variables = json.createObjectNode().put("threadId", threadId);
    return new GraphQlRequest("threadStatus", "thread", THREAD_STATUS, variables);
  }

  private GraphQlRequest request(String operation, String document, ObjectNode input) {
    ObjectNode variables = json.createObjectNode();
    variables.set("input", input);
    return new GraphQlRequest(operation, operation, document, variables);
  }
}
