/**
 * The Logback-facing layer under the API: capture of an event, breadcrumbs, the engine that wires
 * the stages below, and its configuration. The only internal package that imports Logback.
 */
@NullMarked
package io.github.plainlogback.internal.logback;

import org.jspecify.annotations.NullMarked;
