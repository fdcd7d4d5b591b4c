package io.github.plainlogback.internal.plain;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One GraphQL call.
 *
 * @param field the top-level field the operation selects, where its result (and any {@code
 *     MutationError}) is found
 */
public record GraphQlRequest(
    String operationName, String field, String query, ObjectNode variables) {}
