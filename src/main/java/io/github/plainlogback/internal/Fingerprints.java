package io.github.plainlogback.internal;

/**
 * The rules for grouping errors: which parts of an error make up its fingerprint, and how they are
 * hashed.
 *
 * <p>A fingerprint is a 64-bit hash folded from the exception class names of the cause chain and
 * each stack frame's class and method name, outermost exception first. Line numbers, file names and
 * messages are left out, so a deploy that only moves code around, or an error whose message carries
 * an order id, keeps its fingerprint. Frames whose class names are generated at run time (lambdas,
 * dynamic proxies, CGLIB/ByteBuddy subclasses, reflection accessors) are skipped because their
 * names change from one JVM start to the next. Without an exception, the logger name and the
 * unformatted message pattern (the {@code {}} template, not its arguments) are hashed instead.
 *
 * <p>Strings are folded through {@link String#hashCode()}, whose value the Java specification fixes
 * and every JVM caches per string, so fingerprints are stable across restarts and cheap to compute
 * on the logging thread. The caller walks its own exception representation and feeds the parts in;
 * these functions are allocation-free.
 */
public final class Fingerprints {
  /** The most causes that count; also what stops a cyclic chain. */
  public static final int MAX_CAUSES = 32;

  private static final long SEED = 0x2545F4914F6CDD1DL;

  private Fingerprints() {}

  public static long start() {
    return SEED;
  }

  /** Folds one string (may be null) into the running hash. */
  public static long mix(long hash, String part) {
    long x = part == null ? 0x9E3779B97F4A7C15L : ((long) part.hashCode() << 32) ^ part.length();
    long h = Long.rotateLeft(hash ^ (x * 0xBF58476D1CE4E5B9L), 31) * 0x94D049BB133111EBL;
    return h ^ (h >>> 29);
  }

  /** Folds one stack frame unless it is a frame whose name is generated at run time. */
  public static long mixFrame(long hash, String className, String methodName) {
    if (isGeneratedFrame(className)) {
      return hash;
    }
    return mix(mix(hash, className), methodName);
  }

  /** Classes whose names differ between JVM runs or JDK versions for the same code. */
  public static boolean isGeneratedFrame(String className) {
    if (className == null || className.isEmpty()) {
      return true;
    }
    if (className.indexOf('$') >= 0
        && (className.contains("$$")
            || className.contains("$Proxy")
            || className.contains("$HibernateProxy"))) {
      return true;
    }
    // A switch on the first letter keeps the common case (an application or library class) to one
    // comparison.
    return switch (className.charAt(0)) {
      case 'j' ->
          className.startsWith("jdk.internal.reflect.") || className.startsWith("jdk.proxy");
      case 's' -> className.startsWith("sun.reflect.");
      case 'c' -> className.startsWith("com.sun.proxy.");
      default -> false;
    };
  }

  /** The printed form: 16 lower-case hex digits. */
  public static String toHex(long hash) {
    String hex = Long.toHexString(hash);
    return hex.length() == 16 ? hex : "0".repeat(16 - hex.length()) + hex;
  }
}
