/**
 * Admission, on the logging thread: dedupe per customer in a Caffeine cache, the two token buckets,
 * and the repeats collected for "Happened again" events. Decides, never waits. It implements the
 * delivery stage's {@link io.github.plainlogback.internal.delivery.AdmissionLedger}, so imports
 * point from admission to delivery and not back.
 */
@NullMarked
package io.github.plainlogback.internal.admission;

import org.jspecify.annotations.NullMarked;
