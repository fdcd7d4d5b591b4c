/**
 * The Plain client: GraphQL documents and variables, the HTTP call (OkHttp, Jackson), and the three
 * ways Plain answers (HTTP status, GraphQL errors, {@code MutationError}) turned into one result.
 * What exactly is sent is composed in {@code compose}; this package only transports it.
 */
@NullMarked
package io.github.plainlogback.internal.plain;

import org.jspecify.annotations.NullMarked;
