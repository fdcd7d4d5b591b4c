/**
 * Grouping: which errors are "the same bug". Fingerprints of exception classes and frames, and the
 * application packages that decide which frames count. Imports only {@code report}.
 */
@NullMarked
package io.github.plainlogback.internal.grouping;

import org.jspecify.annotations.NullMarked;
