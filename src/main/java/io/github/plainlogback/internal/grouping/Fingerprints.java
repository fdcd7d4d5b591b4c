package io.github.plainlogback.internal.grouping;

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
  private static final long FRAME_MULTIPLIER = 0x9E3779B97F4A7C15L;

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

  /**
   * Folds one stack frame unless it is a frame whose name is generated at run time. A frame is one
   * multiply-add on the running hash (a polynomial over the frames with an odd multiplier, so two
   * traces that differ in one frame always differ), not a full {@link #mix}: a deep trace has
   * dozens of frames, and this runs on the logging thread for every ERROR, duplicates included.
   */
  public static long mixFrame(long hash, String className, String methodName) {
    if (isGeneratedFrameRemembered(className)) {
      return hash;
    }
    long frame =
        ((long) className.hashCode() << 32)
            ^ (methodName == null ? 0xFFFFFFFFL : methodName.hashCode() & 0xFFFFFFFFL);
    return hash * FRAME_MULTIPLIER + frame;
  }

  /**
   * {@link #isGeneratedFrame}, remembered per class-name string: a frame's class name is the very
   * String its {@code Class} caches, so the same frames in the next error are one load and one
   * comparison instead of a scan of the name (about 10 ns a frame, most of a deep trace's
   * fingerprint). A fixed table slotted by the name's cached hash: a name that loses its slot to
   * another is simply checked again. Entries are immutable, so unsynchronised sharing is safe.
   */
  static boolean isGeneratedFrameRemembered(String className) {
    if (className == null) {
      return true;
    }
    int slot = className.hashCode() & (VERDICTS.length - 1);
    Verdict v = VERDICTS[slot];
    if (v != null && v.className == className) {
      return v.generated;
    }
    boolean generated = isGeneratedFrame(className);
    VERDICTS[slot] = new Verdict(className, generated);
    return generated;
  }

  private static final Verdict[] VERDICTS = new Verdict[1024];

  private record Verdict(String className, boolean generated) {}

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
}
