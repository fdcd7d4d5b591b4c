/**
 * The appender's engine: snapshot model, fingerprinting, dedupe, rate limits, delivery and the
 * Plain GraphQL client.
 *
 * <p>Not API: everything here may change in any release. Nothing in this package imports Logback;
 * the appender reaches it through {@link io.github.plainlogback.internal.StatusSink} and plain Java
 * types, so the engine can be tested (and one day reused) without a logging framework.
 */
package io.github.plainlogback.internal;
