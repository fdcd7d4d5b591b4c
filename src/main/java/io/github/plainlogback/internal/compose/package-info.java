/**
 * Composition: what support reads. Thread and event drafts (title, text components, context,
 * stack-trace text folded and cut to Plain's limits) and the redaction applied to every field that
 * leaves the process.
 */
@NullMarked
package io.github.plainlogback.internal.compose;

import org.jspecify.annotations.NullMarked;
