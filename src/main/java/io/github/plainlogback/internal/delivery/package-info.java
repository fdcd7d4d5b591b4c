/**
 * Delivery, on one worker thread: the bounded queue, retries and their policy, the 429 pause, the
 * auth cool-down, the recurrence of repeats, counters and the bounded stop. Which calls a report
 * needs (upsert, lookup, create or add an event) is decided here ({@link
 * io.github.plainlogback.internal.delivery.PlainThreadDelivery}); the calls themselves are in
 * {@code plain}.
 */
@NullMarked
package io.github.plainlogback.internal.delivery;

import org.jspecify.annotations.NullMarked;
