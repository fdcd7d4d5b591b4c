/**
 * The durable spool: reports that cannot be delivered now, one JSON file each in a private
 * directory, written atomically, claimed with a file lock by exactly one process at a time, and
 * removed once delivered. Holds already redacted {@link
 * io.github.plainlogback.internal.report.ErrorReport}s, so it imports only {@code report} and
 * {@code status}; delivery decides what to do with them.
 */
@NullMarked
package io.github.plainlogback.internal.spool;

import org.jspecify.annotations.NullMarked;
