/**
 * Our own output: the status sink the appender provides (Logback's status manager) and the
 * throttling that keeps a failing Plain from flooding it.
 */
@NullMarked
package io.github.plainlogback.internal.status;

import org.jspecify.annotations.NullMarked;
