/**
 * The exceptions that escaped a request lately, shared by the integrations and the running
 * appenders so that each is reported once.
 */
@NullMarked
package io.github.plainlogback.internal.inflight;

import org.jspecify.annotations.NullMarked;
