package it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A JVM launched for a test: its stdout and stderr collected line by line. */
final class Jvm implements AutoCloseable {
  static final Path AGENT = Path.of(System.getProperty("agent.jar"));
  static final Path APPS = Path.of(System.getProperty("apps.dir"));

  private final Process process;
  private final List<String> out = new ArrayList<>();
  private final List<String> err = new ArrayList<>();

  private Jvm(Process process) {
    this.process = process;
    pump(process.getInputStream(), out);
    pump(process.getErrorStream(), err);
  }

  static Jvm start(List<String> args, Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xshare:auto");
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().keySet().removeIf(k -> k.startsWith("PLAIN_"));
    builder.environment().putAll(env);
    return new Jvm(builder.start());
  }

  /** A class path of a directory and every jar in {@code lib}, plus {@code extra}. */
  static String classPath(Path classes, Path lib, Path... extra) throws IOException {
    List<String> entries = new ArrayList<>();
    entries.add(classes.toString());
    if (lib != null) {
      try (Stream<Path> jars = Files.list(lib)) {
        jars.filter(p -> p.toString().endsWith(".jar"))
            .sorted()
            .forEach(p -> entries.add(p.toString()));
      }
    }
    for (Path p : extra) {
      entries.add(p.toString());
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  private void pump(InputStream stream, List<String> lines) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  synchronized (this) {
                    lines.add(line);
                    notifyAll();
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
            });
    t.setDaemon(true);
    t.start();
  }

  /** Waits for a stdout line matching, and returns it. */
  String awaitOut(Predicate<String> matching, long seconds)
      throws InterruptedException, TimeoutException {
    return await(out, matching, seconds);
  }

  /** Waits for a stderr line matching, and returns it. */
  String awaitErr(Predicate<String> matching, long seconds)
      throws InterruptedException, TimeoutException {
    return await(err, matching, seconds);
  }

  private synchronized String await(List<String> lines, Predicate<String> matching, long seconds)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    boolean ended = false;
    while (true) {
      for (String line : lines) {
        if (matching.test(line)) {
          return line;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || ended) {
        throw new TimeoutException("no such line; stdout:\n" + out() + "\nstderr:\n" + err());
      }
      ended = !process.isAlive(); // one more round for the last lines of an ended process
      wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
    }
  }

  /** Writes a line to the process's stdin. */
  void send(String line) throws IOException {
    process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  /** Waits for the process to end by itself; its exit code. */
  int awaitExit(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("still running after " + seconds + " s; stderr:\n" + err());
    }
    return process.exitValue();
  }

  synchronized String out() {
    return String.join("\n", out);
  }

  synchronized List<String> outLines() {
    return new ArrayList<>(out);
  }

  synchronized List<String> errLines() {
    return new ArrayList<>(err);
  }

  synchronized String err() {
    return String.join("\n", err);
  }

  synchronized List<String> errLines(String containing) {
    return err.stream().filter(l -> l.contains(containing)).collect(Collectors.toList());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
