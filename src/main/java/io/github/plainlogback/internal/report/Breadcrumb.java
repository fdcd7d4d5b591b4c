package io.github.plainlogback.internal.report;

/** One log line that came before an error on the same request. */
public record Breadcrumb(long timestampMillis, String level, String loggerName, String message) {}
