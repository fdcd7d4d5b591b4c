/**
 * The Java agent of the {@code -all} jar: attaches one {@link
 * io.github.plainlogback.PlainThreadAppender} to the root logger of an application's Logback
 * without touching its configuration, and reports the exceptions a servlet request leaves unhandled
 * for the customer in the application's MDC ({@link
 * io.github.plainlogback.agent.FilterChainWeaver}). Not an API: only the {@code -javaagent} command
 * line and the settings in {@code docs/agent.md} are.
 */
@NullMarked
package io.github.plainlogback.agent;

import org.jspecify.annotations.NullMarked;
