/**
 * The appender and what users configure or read of it: {@link
 * io.github.plainlogback.PlainThreadAppender}, its settings, counters and thread fields, and {@link
 * io.github.plainlogback.UnhandledExceptions} for integrations.
 *
 * <p>Null-marked (JSpecify): a type is non-null unless it is annotated {@code @Nullable}.
 */
@NullMarked
package io.github.plainlogback;

import org.jspecify.annotations.NullMarked;
