package io.github.plainlogback.internal.grouping;

import io.github.plainlogback.internal.report.ThrowableSnapshot;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The packages configured with {@code <appPackage>}: frames in them are the application's own. When
 * any are set they drive the fingerprint (only application frames and exception types count, so
 * upgrading a framework does not regroup every error), the title (the first application frame) and
 * the folding of framework frames in the trace.
 */
public final class AppPackages {
  public static final AppPackages NONE = new AppPackages(List.of());

  private final String[] prefixes;

  /**
   * @param packages package names such as {@code com.example.shop}; a frame matches the package and
   *     sub-packages
   */
  public AppPackages(List<String> packages) {
    this.prefixes =
        packages.stream().map(p -> p.endsWith(".") ? p : p + ".").toArray(String[]::new);
  }

  public boolean isEmpty() {
    return prefixes.length == 0;
  }

  public boolean isApp(String className) {
    if (className == null) {
      return false;
    }
    for (String p : prefixes) {
      if (className.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** The first application frame of the exception or, failing that, of its causes; null if none. */
  public @Nullable StackTraceElement firstAppFrame(@Nullable ThrowableSnapshot t) {
    if (isEmpty()) {
      return null;
    }
    for (int depth = 0; t != null && depth < Fingerprints.MAX_CAUSES; depth++, t = t.cause()) {
      for (StackTraceElement e : t.frames()) {
        if (isApp(e.getClassName()) && !Fingerprints.isGeneratedFrame(e.getClassName())) {
          return e;
        }
      }
    }
    return null;
  }

  /**
   * A frame's library, for folded runs: the first two segments of its package, e.g. {@code
   * org.springframework}.
   */
  public static String library(String className) {
    int first = className.indexOf('.');
    if (first < 0) {
      return className;
    }
    int second = className.indexOf('.', first + 1);
    return second < 0 ? className.substring(0, first) : className.substring(0, second);
  }
}
