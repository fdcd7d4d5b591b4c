/**
 * The Spring Boot starter: attaches a {@code PlainThreadAppender} configured from {@code
 * plain.logback.*} properties, puts the signed-in customer into the MDC, and reports exceptions
 * that escape a request.
 *
 * <p>Null-marked (JSpecify): a type is non-null unless it is annotated {@code @Nullable}.
 */
@NullMarked
package io.github.plainlogback.spring.boot;

import org.jspecify.annotations.NullMarked;
