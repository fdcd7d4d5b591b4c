package io.github.plainlogback.internal.status;

/**
 * Where the engine reports what it does. The appender forwards to Logback's status manager; the
 * engine never logs through SLF4J, because that would route its own messages back into the
 * appender.
 */
public interface StatusSink {
  void info(String message);

  void warn(String message);

  void error(String message);

  /** A sink that discards everything, for tests and tools. */
  StatusSink NONE =
      new StatusSink() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}

        @Override
        public void error(String message) {}
      };
}
