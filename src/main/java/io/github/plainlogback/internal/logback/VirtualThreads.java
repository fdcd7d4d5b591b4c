package io.github.plainlogback.internal.logback;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.jspecify.annotations.Nullable;

/**
 * {@code Thread.isVirtual()} (Java 21+) for code compiled for Java 17: looked up once, false on a
 * JVM without virtual threads.
 */
final class VirtualThreads {
  private static final @Nullable MethodHandle IS_VIRTUAL = lookUp();

  private VirtualThreads() {}

  static boolean isVirtual(Thread thread) {
    if (IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (boolean) IS_VIRTUAL.invokeExact(thread);
    } catch (Throwable e) {
      return false; // Thread.isVirtual() throws nothing
    }
  }

  private static @Nullable MethodHandle lookUp() {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null; // Java 17 to 20
    }
  }
}
