package io.github.plainlogback.internal.plain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.GraphQLContext;
import graphql.GraphQLException;
import graphql.execution.RawVariables;
import graphql.execution.ValuesResolver;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.VariableDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import io.github.plainlogback.internal.compose.BugReachNote;
import io.github.plainlogback.internal.compose.EventDraft;
import io.github.plainlogback.internal.compose.Redactor;
import io.github.plainlogback.internal.compose.ThreadComposer;
import io.github.plainlogback.internal.compose.ThreadContext;
import io.github.plainlogback.internal.compose.ThreadDraft;
import io.github.plainlogback.internal.compose.ThreadFieldValue;
import io.github.plainlogback.internal.compose.ThreadSettings;
import io.github.plainlogback.internal.compose.TraceLinks;
import io.github.plainlogback.internal.grouping.AppPackages;
import io.github.plainlogback.internal.report.Breadcrumb;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.RecurrenceBatch;
import io.github.plainlogback.internal.report.ReportLimits;
import io.github.plainlogback.internal.report.ServiceIdentity;
import io.github.plainlogback.internal.report.ThrowableSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Contract test: every GraphQL document the appender sends, and every variables object its builders
 * produce, is checked against Plain's real schema: {@code -Dplain.schema} (set by surefire to
 * {@code ../shared/plain-api/schema.graphql}) when that file exists, else the copy in {@code
 * test-support/src/main/resources/plain-api} (see SOURCE.md there; the stand-in checks calls
 * against the same file). It never skips.
 *
 * <p>Documents go through graphql-java's {@link Validator}; variables go through graphql-java's
 * real input coercion ({@link ValuesResolver#coerceVariableValues}), which rejects unknown input
 * fields, unknown enum values, missing required fields and wrongly typed scalars. Rules the SDL
 * only states in prose (one member per {@code ComponentInput}, text lengths, the title) are checked
 * by hand. Negative tests prove each check can fail.
 */
class PlainSchemaContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PlainRequests REQUESTS = new PlainRequests(JSON);

  private static final int MAX_COMPONENT_CHARS = 10_000;
  private static final int MAX_TITLE_CHARS = 200;

  /** The copy kept in the repository; see test-support/src/main/resources/plain-api/SOURCE.md. */
  private static final String BUNDLED = "/plain-api/schema.graphql";

  private static String schemaSource;
  private static GraphQLSchema schema;

  /**
   * Parses Plain's SDL once per class: {@code ../shared}'s copy when present, else the copy in the
   * test resources. Never skipped: a fresh clone validates against the bundled copy.
   */
  @BeforeAll
  static void loadPlainSchema() throws Exception {
    Path shared = sharedSchemaPath();
    String sdl;
    if (Files.isRegularFile(shared)) {
      sdl = Files.readString(shared);
      schemaSource = shared.toString();
    } else {
      sdl = bundledSchema();
      schemaSource = "test resource " + BUNDLED + " (" + shared + " not found)";
    }
    TypeDefinitionRegistry registry = new SchemaParser().parse(sdl);
    schema = UnExecutableSchemaGenerator.makeUnExecutableSchema(registry);
  }

  private static String bundledSchema() throws java.io.IOException {
    try (var in = PlainSchemaContractTest.class.getResourceAsStream(BUNDLED)) {
      assertThat(in).as("the bundled schema " + BUNDLED).isNotNull();
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static Path sharedSchemaPath() {
    String configured = System.getProperty("plain.schema");
    Path path =
        configured == null || configured.isBlank()
            ? Path.of("..", "shared", "plain-api", "schema.graphql")
            : Path.of(configured);
    return path.toAbsolutePath().normalize();
  }

  /**
   * When {@code ../shared} has Plain's schema, the bundled copy must be the same: otherwise Plain
   * changed and the copy (which a fresh clone tests against) is stale.
   */
  @Test
  void bundledSchemaIsTheSharedOne() throws Exception {
    Path shared = sharedSchemaPath();
    if (Files.isRegularFile(shared)) {
      // Compared as a boolean: a 280 KB diff in the failure message would bury the instruction.
      assertThat(bundledSchema().equals(Files.readString(shared)))
          .as(
              "test-support/src/main/resources"
                  + BUNDLED
                  + " differs from "
                  + shared
                  + ": Plain's schema changed. Refresh the copy (cp "
                  + shared
                  + " test-support/src/main/resources"
                  + BUNDLED
                  + ", update SOURCE.md's date and checksum) and fix what this test then reports.")
          .isTrue();
    }
    assertThat(schema).as("schema parsed from " + schemaSource).isNotNull();
    assertThat(schema.getMutationType().getFieldDefinition("createThread")).isNotNull();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Representative requests, built by the real builders from real composer output.

  private static ThreadSettings settings() {
    return new ThreadSettings(
        "Bug Report",
        List.of("lt_01HB8BTNTZ58730MX8H5VMKFD5", "lt_01HB8BV1VSFTZ16G7QSW5KBZ0E"),
        List.of(
            ThreadFieldValue.parse("component", "STRING", "checkout-service"),
            ThreadFieldValue.parse("isProduction", "bool", "TRUE"),
            ThreadFieldValue.parse("errorBudget", "NUMBER", "1234.5"),
            ThreadFieldValue.parse("tier", "ENUM", "enterprise"),
            ThreadFieldValue.parse("firstSeen", "DATE", "2026-01-31"),
            ThreadFieldValue.parse("lastDeploy", "date", "2026-01-31T10:15:30+01:00")),
        0,
        "shop-prod-eu-1",
        new AppPackages(List.of("com.example.shop")));
  }

  private static List<StackTraceElement> frames(String pkg, int count) {
    List<StackTraceElement> frames = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String cls = pkg + ".internal.SomeRatherLongServiceImplementationName" + (i % 17);
      frames.add(
          new StackTraceElement(
              cls,
              "handleRequestStep" + i,
              "SomeRatherLongServiceImplementationName.java",
              100 + i));
    }
    return frames;
  }

  /**
   * An exception with a cause chain and suppressed exceptions whose rendered trace spans several
   * components.
   */
  static ThrowableSnapshot deepException() {
    ThrowableSnapshot root =
        new ThrowableSnapshot(
            "java.net.SocketTimeoutException",
            "Read timed out after 30000 ms",
            frames("java.net", 120),
            20,
            null,
            List.of(),
            0,
            false);
    ThrowableSnapshot middle =
        new ThrowableSnapshot(
            "java.sql.SQLTransientConnectionException",
            "HikariPool-1 - Connection is not available, request timed out after 30000ms.\nsecond line of the message",
            frames("com.zaxxer.hikari.pool", 150),
            30,
            root,
            List.of(),
            0,
            false);
    ThrowableSnapshot suppressed1 =
        new ThrowableSnapshot(
            "java.io.UncheckedIOException",
            "close failed: [broken pipe] *x*",
            frames("com.example.io", 60),
            10,
            null,
            List.of(),
            0,
            false);
    ThrowableSnapshot suppressed2 =
        new ThrowableSnapshot(
            "java.lang.IllegalStateException",
            null,
            frames("com.example.tx", 40),
            5,
            null,
            List.of(),
            0,
            false);
    return new ThrowableSnapshot(
        "com.example.shop.checkout.CheckoutFailedException",
        "Payment declined for order_42\nretry after: 30s",
        frames("com.example.shop.checkout", 200),
        0,
        middle,
        List.of(suppressed1, suppressed2),
        2,
        false);
  }

  static ErrorReport deepReport() {
    String message =
        "Checkout failed for cart_id=*abc* [vip] `code` \\ 😀 password=hunter2 order-42\r\nAuthorization: Bearer abc.def\n"
            + "x_y*"
                .repeat(3_000) // > 10,000 characters, and markdown escaping makes it longer still
            + "😀".repeat(100);
    Map<String, String> mdc = new LinkedHashMap<>();
    mdc.put("requestId", "req-123");
    mdc.put("tenant", "acme");
    mdc.put("big", "v".repeat(500));
    List<Breadcrumb> breadcrumbs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      breadcrumbs.add(
          new Breadcrumb(
              1_767_225_590_000L + i,
              "INFO",
              "com.example.shop.CartService",
              "step " + i + " " + "z".repeat(400)));
    }
    return new ErrorReport(
        0x0123456789abcdefL,
        "jane.doe@example.com",
        "Jane Doe",
        "com.example.shop.CheckoutController",
        "http-nio-8080-exec-7",
        1_767_225_600_000L,
        message,
        mdc,
        deepException(),
        breadcrumbs);
  }

  /** As the appender builds it: settings plus the default redaction rules. */
  static ThreadComposer composer() {
    return new ThreadComposer(
        settings(), new Redactor(true, List.of(Pattern.compile("order-\\d+"))));
  }

  static ThreadDraft deepDraft() {
    return composer().compose(deepReport());
  }

  /** The same error coming back after its thread was marked done. */
  static ThreadDraft recurrenceDraft() {
    return composer().compose(deepReport(), "0123456789abcdef-r2", "T-1234");
  }

  /** Without exception, labels or thread fields: the other shape of createThread input. */
  static ThreadDraft minimalDraft() {
    ThreadSettings bare = new ThreadSettings("Bug Report", List.of(), List.of(), 3, "h");
    return new ThreadComposer(bare)
        .compose(
            new ErrorReport(
                1L, "a@example.com", null, "l", "t", 0L, null, Map.of(), null, List.of()));
  }

  static GraphQlRequest deepCreateThread() {
    return REQUESTS.createThread(deepDraft(), "c_01HB8BTNTZ58730MX8H5VMKFD5");
  }

  /**
   * "Happened again" events: one repeat, many repeats with the distinct-message cap reached,
   * repeats without messages.
   */
  static List<EventDraft> eventDrafts() {
    ThreadComposer composer = composer();
    List<String> five = new ArrayList<>();
    for (int i = 0; i < RecurrenceBatch.MAX_DISTINCT_MESSAGES; i++) {
      five.add(
          ReportLimits.cap(
              "Checkout failed *" + i + "* token=abc" + i + " " + "m".repeat(400),
              RecurrenceBatch.MAX_MESSAGE_CHARS));
    }
    return List.of(
        composer.composeEvent(
            new RecurrenceBatch(
                1, 1_767_225_600_000L, 1_767_225_600_000L, List.of("Checkout failed"))),
        composer.composeEvent(
            new RecurrenceBatch(1_234_567, 1_767_225_600_000L, 1_767_229_200_000L, five)),
        composer.composeEvent(
            new RecurrenceBatch(7, 1_767_225_600_000L, 1_767_225_660_000L, List.of())));
  }

  static GraphQlRequest event(int i) {
    return REQUESTS.createThreadEvent(
        "th_01HB8BTNTZ58730MX8H5VMKFD5",
        eventDrafts().get(i),
        "0123456789abcdef-5f3a2c1-" + (i + 1));
  }

  static Stream<Arguments> sentRequests() {
    return Stream.of(
        Arguments.of("createThread (deep exception, all field types)", deepCreateThread()),
        Arguments.of(
            "createThread (recurrence of a done thread)",
            REQUESTS.createThread(recurrenceDraft(), "c_01HB8BTNTZ58730MX8H5VMKFD5")),
        Arguments.of("createThread (minimal)", REQUESTS.createThread(minimalDraft(), "c_1")),
        Arguments.of(
            "upsertCustomer (with name)",
            REQUESTS.upsertCustomer("jane.doe@example.com", "Jane Doe")),
        Arguments.of(
            "upsertCustomer (null name)", REQUESTS.upsertCustomer("jane.doe@example.com", null)),
        Arguments.of(
            "threadByExternalId",
            REQUESTS.threadByExternalId("c_01HB8BTNTZ58730MX8H5VMKFD5", "0123456789abcdef")),
        Arguments.of("threadStatus", REQUESTS.threadStatus("th_01HB8BTNTZ58730MX8H5VMKFD5")),
        Arguments.of("createThreadEvent (happened once more)", event(0)),
        Arguments.of("createThreadEvent (many times, message cap reached)", event(1)),
        Arguments.of("createThreadEvent (no messages)", event(2)),
        Arguments.of(
            "createThread (issue 19: links, reach, identity and its thread fields)",
            REQUESTS.createThread(issue19Draft(), "c_01HB8BTNTZ58730MX8H5VMKFD5")),
        Arguments.of(
            "createThreadEvent (issue 19: now seen for 10 customers)",
            REQUESTS.createThreadEvent(
                "th_01HB8BTNTZ58730MX8H5VMKFD5",
                composer().composeReachEvent(10, "T-1234"),
                "0123456789abcdef-reach-10")),
        Arguments.of(
            "createThreadEvent (issue 19: happened again, with version)",
            REQUESTS.createThreadEvent(
                "th_01HB8BTNTZ58730MX8H5VMKFD5",
                composer()
                    .composeEvent(
                        new RecurrenceBatch(2, 1L, 2L, List.of("x")),
                        new ServiceIdentity("checkout", "2.4.1", "production")),
                "0123456789abcdef-5f3a2c1-9")),
        Arguments.of(
            "bugThreads",
            REQUESTS.bugThreads(
                "bug_fingerprint", "0123456789abcdef", "c_01HB8BTNTZ58730MX8H5VMKFD5")),
        Arguments.of(
            "createThreadLink",
            REQUESTS.createThreadLink(
                "th_01HB8BTNTZ58730MX8H5VMKFD5", "th_01HB8BTNTZ58730MX8H5VMKFD6")));
  }

  /** A thread with trace and logs links, the bug's reach, and identity thread fields. */
  static ThreadDraft issue19Draft() {
    ThreadComposer composer =
        new ThreadComposer(
            settings(),
            new Redactor(true, List.of()),
            new ThreadContext(
                new ServiceIdentity("checkout", "2.4.1", "production"),
                new TraceLinks(
                    "https://grafana.example.com/explore?left={\"queries\":[{\"query\":\"{traceId}\"}]}",
                    "https://app.datadoghq.com/logs?query=trace_id%3A{traceId}&from_ts={from}&to_ts={to}",
                    TraceLinks.DEFAULT_TRACE_ID_KEYS,
                    TraceLinks.DEFAULT_SPAN_ID_KEYS,
                    "requestId",
                    java.time.Duration.ofMinutes(15)),
                "bug_fingerprint",
                "service",
                "version",
                "environment"));
    ErrorReport report = deepReport();
    Map<String, String> mdc = new LinkedHashMap<>(report.mdc());
    mdc.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736");
    mdc.put("spanId", "00f067aa0ba902b7");
    ErrorReport traced =
        new ErrorReport(
            report.fingerprint(),
            report.customerEmail(),
            report.customerName(),
            report.loggerName(),
            report.threadName(),
            report.timestampMillis(),
            report.message(),
            mdc,
            report.throwable(),
            report.breadcrumbs());
    return composer.compose(traced, "0123456789abcdef", null, new BugReachNote(12, "T-1001"));
  }

  /** The requests that carry a title and components. */
  static Stream<Arguments> componentRequests() {
    return sentRequests()
        .filter(a -> ((GraphQlRequest) a.get()[1]).variables().path("input").has("components"));
  }

  static Stream<String> allDocuments() {
    return PlainRequests.ALL_DOCUMENTS.stream();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Documents

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("allDocuments")
  void documentIsValidAgainstPlainSchema(String document) {
    assertThat(validationErrors(document)).as("validation errors for %s", document).isEmpty();
  }

  @Test
  void everyDocumentIsSentByABuilderUnderItsOwnOperationName() {
    Map<String, GraphQlRequest> byQuery = new LinkedHashMap<>();
    sentRequests()
        .forEach(
            a ->
                byQuery.putIfAbsent(
                    ((GraphQlRequest) a.get()[1]).query(), (GraphQlRequest) a.get()[1]));

    assertThat(byQuery.keySet())
        .as("documents the builders send")
        .containsExactlyInAnyOrderElementsOf(PlainRequests.ALL_DOCUMENTS);
    for (String document : PlainRequests.ALL_DOCUMENTS) {
      GraphQlRequest request = byQuery.get(document);
      OperationDefinition op = singleOperation(document);
      assertThat(op.getName())
          .as("operation name in %s", document)
          .isEqualTo(request.operationName());
      List<String> topLevelFields =
          op.getSelectionSet().getSelectionsOfType(Field.class).stream()
              .map(Field::getName)
              .toList();
      assertThat(topLevelFields)
          .as("top-level field of %s", document)
          .containsExactly(request.field());
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Variables

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("sentRequests")
  void variablesCoerceAgainstTheOperationsVariableDefinitions(String name, GraphQlRequest request) {
    assertThat(coercionErrors(request.query(), request.variables()))
        .as("%s variables %s", name, abbreviated(request.variables()))
        .isEmpty();
  }

  @Test
  void representativeCreateThreadReallyExercisesEveryShape() {
    ThreadDraft draft = deepDraft();
    assertThat(draft.components())
        .extracting(ThreadDraft.Component::kind)
        .contains(ThreadDraft.Kind.values());
    assertThat(
            draft.components().stream()
                .filter(c -> c.kind() == ThreadDraft.Kind.PLAIN_TEXT)
                .count())
        .as("the trace is split into several plain-text chunks, plus the context")
        .isGreaterThanOrEqualTo(4);
    assertThat(deepReport().message().length()).isGreaterThan(MAX_COMPONENT_CHARS);
    assertThat(draft.components().get(0).text())
        .as("redacted as the appender does")
        .doesNotContain("hunter2");
    assertThat(draft.threadFields())
        .extracting(ThreadFieldValue::type)
        .contains(ThreadFieldValue.Type.values());
    assertThat(draft.labelTypeIds()).hasSize(2);
    assertThat(draft.priority()).isZero();

    JsonNode input = deepCreateThread().variables().get("input");
    assertThat(input.get("priority").isInt()).isTrue();
    assertThat(input.get("priority").intValue()).isZero();
    assertThat(input.get("labelTypeIds")).hasSize(2);
    assertThat(input.get("threadFields")).hasSize(6);
  }

  @Test
  void issue19CreateThreadReallyCarriesLinksReachAndIdentityFields() {
    JsonNode input = REQUESTS.createThread(issue19Draft(), "c_1").variables().path("input");
    assertThat(input.path("components").path(0).path("componentText").path("text").asText())
        .startsWith("[Trace](https://grafana.example.com/")
        .contains("[Logs](https://app.datadoghq.com/logs?query=trace_id%3A4bf92f");
    assertThat(input.path("components").path(1).path("componentText").path("text").asText())
        .startsWith("**This bug has reached 12 customers so far.**");
    List<String> keys = new ArrayList<>();
    input.path("threadFields").forEach(f -> keys.add(f.path("key").asText()));
    assertThat(keys).contains("bug_fingerprint", "version", "environment");
    JsonNode filters = REQUESTS.bugThreads("k", "f", "c").variables().path("filters");
    assertThat(filters.path("threadFields").path(0).path("stringValue").asText()).isEqualTo("f");
    assertThat(filters.path("not").path("customerIds").path(0).asText()).isEqualTo("c");
  }

  @Test
  void componentRequestsCoverThreadsAndEvents() {
    assertThat(
            componentRequests().map(a -> ((GraphQlRequest) a.get()[1]).operationName()).distinct())
        .containsExactlyInAnyOrder("createThread", "createThreadEvent");
    assertThat(eventDrafts()).allSatisfy(e -> assertThat(e.problems()).isEmpty());
  }

  @Test
  void upsertWithoutNameFallsBackToTheEmailForTheRequiredFullName() {
    JsonNode onCreate =
        REQUESTS.upsertCustomer("a@example.com", null).variables().at("/input/onCreate");
    assertThat(onCreate.get("fullName").asText()).isEqualTo("a@example.com");
    assertThat(
            REQUESTS
                .upsertCustomer("a@example.com", "  ")
                .variables()
                .at("/input/onCreate/fullName")
                .asText())
        .isEqualTo("a@example.com");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Rules Plain states only in prose

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("componentRequests")
  void titleAndComponentsFollowThePlainRulesTheSdlStatesInProse(
      String name, GraphQlRequest request) {
    assertThat(proseProblems(request.variables())).as(name).isEmpty();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Negative tests: the checks above can fail.

  @Test
  void validationRejectsAnUnknownSelectedField() {
    String broken =
        PlainRequests.CREATE_THREAD.replace("thread { id ref }", "thread { id ref nope }");
    assertThat(validationErrors(broken)).isNotEmpty();
    String wrongType =
        PlainRequests.CREATE_THREAD.replace("CreateThreadInput!", "UpsertCustomerInput!");
    assertThat(validationErrors(wrongType)).isNotEmpty();
  }

  @Test
  void coercionRejectsRenamedCustomerIdentifier() {
    ObjectNode vars = deepCreateThread().variables().deepCopy();
    ObjectNode input = (ObjectNode) vars.get("input");
    input.set("customer", input.remove("customerIdentifier"));
    assertThat(coercionErrors(PlainRequests.CREATE_THREAD, vars)).isNotEmpty();
  }

  @Test
  void coercionRejectsUnknownDividerSpacingSize() {
    ObjectNode vars = deepCreateThread().variables().deepCopy();
    boolean changed = false;
    for (JsonNode component : vars.at("/input/components")) {
      if (component.has("componentDivider")) {
        ((ObjectNode) component.get("componentDivider")).put("dividerSpacingSize", "HUGE");
        changed = true;
      }
    }
    assertThat(changed).isTrue();
    assertThat(coercionErrors(PlainRequests.CREATE_THREAD, vars))
        .singleElement()
        .asString()
        .contains("HUGE");
  }

  @Test
  void coercionRejectsUpsertWithoutOnUpdate() {
    ObjectNode vars = REQUESTS.upsertCustomer("a@example.com", "A").variables().deepCopy();
    ((ObjectNode) vars.get("input")).remove("onUpdate");
    assertThat(coercionErrors(PlainRequests.UPSERT_CUSTOMER, vars))
        .singleElement()
        .asString()
        .contains("onUpdate");
  }

  @Test
  void coercionRejectsStringPriority() {
    ObjectNode vars = deepCreateThread().variables().deepCopy();
    ((ObjectNode) vars.get("input")).put("priority", "urgent");
    assertThat(coercionErrors(PlainRequests.CREATE_THREAD, vars)).isNotEmpty();
  }

  @Test
  void coercionRejectsWrongEnumMissingRequiredAndWronglyTypedNestedValues() {
    assertBreaks(
        PlainRequests.CREATE_THREAD,
        deepCreateThread(),
        v -> threadField(v, "BOOL").put("type", "BOOLEAN"));
    assertBreaks(
        PlainRequests.CREATE_THREAD,
        deepCreateThread(),
        v -> threadField(v, "BOOL").put("booleanValue", "yes"));
    assertBreaks(
        PlainRequests.CREATE_THREAD,
        deepCreateThread(),
        v -> threadField(v, "NUMBER").put("numberValue", "12"));
    assertBreaks(
        PlainRequests.CREATE_THREAD,
        deepCreateThread(),
        v -> threadField(v, "STRING").remove("key"));
    assertBreaks(
        PlainRequests.CREATE_THREAD,
        deepCreateThread(),
        v -> ((ObjectNode) v.at("/input/components/0/componentText")).remove("text"));
    assertBreaks(
        PlainRequests.UPSERT_CUSTOMER,
        REQUESTS.upsertCustomer("a@example.com", "A"),
        v -> ((ObjectNode) v.at("/input/onCreate/email")).remove("isVerified"));
    assertBreaks(
        PlainRequests.UPSERT_CUSTOMER,
        REQUESTS.upsertCustomer("a@example.com", "A"),
        v -> ((ObjectNode) v.at("/input/onCreate")).putNull("fullName"));
    assertBreaks(
        PlainRequests.THREAD_BY_EXTERNAL_ID,
        REQUESTS.threadByExternalId("c_1", "e"),
        v -> v.set("customerID", v.remove("customerId")));
    assertBreaks(
        PlainRequests.THREAD_BY_EXTERNAL_ID,
        REQUESTS.threadByExternalId("c_1", "e"),
        v -> v.put("extra", 1));
    assertBreaks(
        PlainRequests.THREAD_STATUS, REQUESTS.threadStatus("th_1"), v -> v.remove("threadId"));
  }

  @Test
  void coercionRejectsBrokenThreadEvents() {
    // ComponentInput has componentContainer, EventComponentInput does not: the two must not be
    // confused.
    assertBreaks(
        PlainRequests.CREATE_THREAD_EVENT,
        event(1),
        v -> ((ArrayNode) v.at("/input/components")).addObject().putObject("componentContainer"));
    assertBreaks(
        PlainRequests.CREATE_THREAD_EVENT,
        event(1),
        v -> ((ObjectNode) v.get("input")).remove("threadId"));
    assertBreaks(
        PlainRequests.CREATE_THREAD_EVENT,
        event(1),
        v -> ((ObjectNode) v.get("input")).remove("title"));
    assertBreaks(
        PlainRequests.CREATE_THREAD_EVENT,
        event(1),
        v -> ((ObjectNode) v.get("input")).remove("components"));
    assertBreaks(
        PlainRequests.CREATE_THREAD_EVENT,
        event(1),
        v ->
            ((ObjectNode) v.get("input"))
                .set("customerIdentifier", JSON.createObjectNode().put("customerId", "c_1")));
  }

  @Test
  void proseChecksRejectBrokenComponentsAndTitles() {
    ObjectNode vars = deepCreateThread().variables().deepCopy();
    ObjectNode input = (ObjectNode) vars.get("input");
    ArrayNode components = (ArrayNode) input.get("components");
    ((ObjectNode) components.get(0))
        .putObject("componentDivider")
        .put("dividerSpacingSize", "M"); // two members
    components.addObject(); // no member
    components.addObject().putObject("componentText").put("text", "");
    components
        .addObject()
        .putObject("componentPlainText")
        .put("plainText", "y".repeat(MAX_COMPONENT_CHARS + 1));
    input.put("title", "two\nlines");
    assertThat(proseProblems(vars)).hasSize(5);

    input.put("title", "t".repeat(MAX_TITLE_CHARS + 1));
    assertThat(proseProblems(vars)).anyMatch(p -> p.startsWith("title"));

    ObjectNode event = event(0).variables().deepCopy();
    ((ObjectNode) event.get("input")).putArray("components");
    assertThat(proseProblems(event)).containsExactly("components must not be empty");
  }

  // ---------------------------------------------------------------------------------------------------------------
  // Helpers

  private static Document parse(String document) {
    return Parser.parse(document);
  }

  private static OperationDefinition singleOperation(String document) {
    List<OperationDefinition> ops = parse(document).getDefinitionsOfType(OperationDefinition.class);
    assertThat(ops).as("operations in %s", document).hasSize(1);
    return ops.get(0);
  }

  private static List<String> validationErrors(String document) {
    List<ValidationError> errors =
        new Validator().validateDocument(schema, parse(document), Locale.ENGLISH);
    errors.forEach(e -> System.out.println("GraphQL validation error: " + e.getMessage()));
    return errors.stream().map(ValidationError::getMessage).toList();
  }

  /**
   * Runs graphql-java's own variable coercion for the document's single operation. Also reports
   * variables that the operation does not declare (coercion would silently ignore them).
   */
  @SuppressWarnings("unchecked")
  static List<String> coercionErrors(String document, ObjectNode variables) {
    OperationDefinition op = singleOperation(document);
    List<VariableDefinition> definitions = op.getVariableDefinitions();
    Map<String, Object> raw = JSON.convertValue(variables, Map.class);

    List<String> errors = new ArrayList<>();
    Set<String> declared =
        definitions.stream().map(VariableDefinition::getName).collect(Collectors.toSet());
    for (String key : raw.keySet()) {
      if (!declared.contains(key)) {
        errors.add("variable '" + key + "' is not declared by operation " + op.getName());
      }
    }
    try {
      ValuesResolver.coerceVariableValues(
          schema, definitions, RawVariables.of(raw), GraphQLContext.getDefault(), Locale.ENGLISH);
    } catch (GraphQLException e) {
      errors.add(e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    errors.forEach(e -> System.out.println("Variable coercion error (" + op.getName() + "): " + e));
    return errors;
  }

  private static void assertBreaks(
      String document, GraphQlRequest valid, Consumer<ObjectNode> breakIt) {
    assertThat(coercionErrors(document, valid.variables())).as("the unbroken variables").isEmpty();
    ObjectNode broken = valid.variables().deepCopy();
    breakIt.accept(broken);
    assertThat(coercionErrors(document, broken))
        .as("broken variables %s", abbreviated(broken))
        .isNotEmpty();
  }

  private static ObjectNode threadField(ObjectNode variables, String type) {
    for (JsonNode field : variables.at("/input/threadFields")) {
      if (field.get("type").asText().equals(type)) {
        return (ObjectNode) field;
      }
    }
    throw new AssertionError("no thread field of type " + type);
  }

  /**
   * What Plain would reject in createThread / createThreadEvent variables although the SDL accepts
   * it.
   */
  static List<String> proseProblems(ObjectNode variables) {
    List<String> problems = new ArrayList<>();
    JsonNode input = variables.get("input");

    JsonNode title = input.get("title");
    if (title != null && !title.isNull()) {
      String t = title.asText();
      if (t.isBlank()
          || t.length() > MAX_TITLE_CHARS
          || t.chars().anyMatch(c -> "\n\r\u0085\u2028\u2029".indexOf(c) >= 0)) {
        problems.add(
            "title must be one non-blank line of at most "
                + MAX_TITLE_CHARS
                + " characters: "
                + shorten(t));
      }
    }

    JsonNode components = input.get("components");
    if (components == null || components.isNull() || components.isEmpty()) {
      problems.add("components must not be empty");
    }
    for (int i = 0; components != null && i < components.size(); i++) {
      JsonNode component = components.get(i);
      Set<String> set = new LinkedHashSet<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = component.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> member = it.next();
        if (!member.getValue().isNull()) {
          set.add(member.getKey());
        }
      }
      if (set.size() != 1) {
        problems.add(
            "components." + i + " must set exactly one member of ComponentInput, sets " + set);
      }
      checkText(
          problems,
          component.path("componentText").path("text"),
          "components." + i + ".componentText.text");
      checkText(
          problems,
          component.path("componentPlainText").path("plainText"),
          "components." + i + ".componentPlainText.plainText");
    }
    problems.forEach(p -> System.out.println("Plain rule violated: " + p));
    return problems;
  }

  private static void checkText(List<String> problems, JsonNode text, String where) {
    if (text.isMissingNode()) {
      return;
    }
    String s = text.isNull() ? null : text.asText();
    if (s == null || s.isEmpty() || s.isBlank() || s.length() > MAX_COMPONENT_CHARS) {
      problems.add(
          where
              + " must hold 1.."
              + MAX_COMPONENT_CHARS
              + " characters, has "
              + (s == null ? "none" : s.length()));
    }
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "...(" + s.length() + " chars)";
  }

  private static String abbreviated(JsonNode variables) {
    String s = variables.toString();
    return s.length() <= 600 ? s : s.substring(0, 600) + "...(" + s.length() + " chars)";
  }
}
