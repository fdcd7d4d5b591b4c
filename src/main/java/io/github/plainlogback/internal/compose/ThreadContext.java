package io.github.plainlogback.internal.compose;

import io.github.plainlogback.internal.report.ServiceIdentity;
import org.jspecify.annotations.Nullable;

/**
 * What a thread says about where its error came from and where to look next (issue 19): the
 * process's service identity, the trace and logs links, and the keys of the thread fields that
 * carry the fingerprint, service, version and environment (null keys: no such field).
 */
public record ThreadContext(
    ServiceIdentity identity,
    TraceLinks links,
    @Nullable String fingerprintField,
    @Nullable String serviceField,
    @Nullable String versionField,
    @Nullable String environmentField) {
  public static final ThreadContext NONE =
      new ThreadContext(ServiceIdentity.UNKNOWN, TraceLinks.NONE, null, null, null, null);
}
