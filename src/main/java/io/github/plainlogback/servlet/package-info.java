/**
 * The servlet filter that puts the signed-in customer into the MDC for a request, for servlet
 * applications without Spring Boot.
 *
 * <p>Null-marked (JSpecify): a type is non-null unless it is annotated {@code @Nullable}.
 */
@NullMarked
package io.github.plainlogback.servlet;

import org.jspecify.annotations.NullMarked;
