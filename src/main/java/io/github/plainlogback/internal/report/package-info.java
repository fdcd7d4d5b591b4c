/**
 * The captured error report and its vocabulary: the immutable snapshot taken on the logging thread
 * (message, throwable, MDC, breadcrumbs), the batch of repeats, Plain's size limits and email
 * checks. Every other stage reads these types; this package imports none of them.
 *
 * <p>Not API: everything under {@code internal} may change in any release, and nothing there
 * imports Logback.
 */
@NullMarked
package io.github.plainlogback.internal.report;

import org.jspecify.annotations.NullMarked;
