package io.github.plainlogback.internal;

import java.util.List;

/** Occurrences of one error for one customer to be added to its thread as one event. */
public record RecurrenceBatch(
    long count, long firstMillis, long lastMillis, List<String> messages) {}
