package io.github.plainlogback.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import graphql.GraphQLContext;
import graphql.GraphQLException;
import graphql.execution.RawVariables;
import graphql.execution.ValuesResolver;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import graphql.validation.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plain's schema for the stand-in: a call's document and variables checked the way the contract
 * test checks the builders' (graphql-java validation and variable coercion), so an end-to-end test
 * also proves what reached "Plain" was valid. Parsed once per JVM, on first use.
 */
public final class PlainSchema {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static volatile GraphQLSchema schema;

  private PlainSchema() {}

  /**
   * One reason Plain's GraphQL layer refuses a call, with the {@code extensions.code} Plain gives
   * it (API-NOTES §2): {@code GRAPHQL_PARSE_FAILED}, {@code GRAPHQL_VALIDATION_FAILED} (the
   * document against the schema) or {@code BAD_USER_INPUT} (variables that do not coerce).
   */
  public record Problem(String code, String message) {}

  /** What is wrong with this call, or an empty list. */
  public static List<String> problems(String query, JsonNode variables) {
    return check(query, variables).stream().map(Problem::message).toList();
  }

  /** What is wrong with this call, each with Plain's error code, or an empty list. */
  @SuppressWarnings("unchecked")
  public static List<Problem> check(String query, JsonNode variables) {
    GraphQLSchema s = schema();
    List<Problem> problems = new ArrayList<>();
    Document document;
    try {
      document = Parser.parse(query);
    } catch (RuntimeException e) {
      return List.of(new Problem("GRAPHQL_PARSE_FAILED", "unparsable document: " + e.getMessage()));
    }
    for (ValidationError e : new Validator().validateDocument(s, document, Locale.ENGLISH)) {
      problems.add(new Problem("GRAPHQL_VALIDATION_FAILED", e.getMessage()));
    }
    List<OperationDefinition> ops = document.getDefinitionsOfType(OperationDefinition.class);
    if (ops.size() != 1) {
      problems.add(new Problem("GRAPHQL_VALIDATION_FAILED", ops.size() + " operations"));
      return problems;
    }
    try {
      Map<String, Object> raw =
          variables == null || variables.isMissingNode() || variables.isNull()
              ? Map.of()
              : JSON.convertValue(variables, Map.class);
      ValuesResolver.coerceVariableValues(
          s,
          ops.get(0).getVariableDefinitions(),
          RawVariables.of(raw),
          GraphQLContext.getDefault(),
          Locale.ENGLISH);
    } catch (GraphQLException | IllegalArgumentException e) {
      problems.add(
          new Problem("BAD_USER_INPUT", e.getClass().getSimpleName() + ": " + e.getMessage()));
    }
    return problems;
  }

  /**
   * Parses the schema now (it takes seconds on a busy machine), so the first call does not wait.
   */
  public static void load() {
    schema();
  }

  private static GraphQLSchema schema() {
    GraphQLSchema s = schema;
    if (s == null) {
      synchronized (PlainSchema.class) {
        if (schema == null) {
          schema =
              UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().parse(sdl()));
        }
        s = schema;
      }
    }
    return s;
  }

  private static String sdl() {
    String configured = System.getProperty("plain.schema");
    Path shared =
        configured == null || configured.isBlank()
            ? Path.of("..", "shared", "plain-api", "schema.graphql")
            : Path.of(configured);
    try {
      if (Files.isRegularFile(shared)) {
        return Files.readString(shared);
      }
      try (InputStream in = PlainSchema.class.getResourceAsStream("/plain-api/schema.graphql")) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
