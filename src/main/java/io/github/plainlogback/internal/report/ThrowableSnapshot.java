package io.github.plainlogback.internal.report;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An immutable copy of an exception as it was logged: class, message, frames, cause and suppressed
 * exceptions. Frames are the JDK's own immutable {@link StackTraceElement}s, shared rather than
 * copied.
 *
 * @param commonFrames how many trailing frames this exception shares with the one that encloses it
 *     (they are not repeated when rendered)
 * @param omittedCauses causes left out below {@code cause} because the chain was cut (too deep, or
 *     cyclic)
 */
public record ThrowableSnapshot(
    String className,
    @Nullable String message,
    List<StackTraceElement> frames,
    int commonFrames,
    @Nullable ThrowableSnapshot cause,
    List<ThrowableSnapshot> suppressed,
    int omittedCauses,
    boolean cyclic) {

  /** The class name without its package, e.g. {@code IllegalStateException}. */
  public String simpleClassName() {
    int dot = className.lastIndexOf('.');
    return dot < 0 ? className : className.substring(dot + 1);
  }
}
