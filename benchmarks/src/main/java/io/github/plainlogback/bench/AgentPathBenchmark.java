package io.github.plainlogback.bench;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The same appender with the same settings, attached by the Java agent ({@code *_agent}: its fork
 * runs with {@code -javaagent}, the context's XML has only the sink) or configured in XML ({@code
 * *_xml}: a fork without the agent). The difference is what the agent's woven call in {@code
 * Logger.callAppenders} costs. run.sh copies the -all jar to target/agent/ first.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AgentPathBenchmark {
  static final String AGENT =
      "-javaagent:target/agent/plain-logback-appender-all.jar=dryRun=true,"
          + "maxThreadsPerMinute=100000000,maxThreadsPerCustomerPerHour=100000000";
  static final String SETTINGS = "<dryRun>true</dryRun>" + LoggingPathBenchmark.NO_LIMITS;

  @State(Scope.Benchmark)
  public static class Contexts_ {
    LoggerContext xml;
    LoggerContext agent;

    @Setup(Level.Trial)
    public void start() throws IOException {
      xml =
          Contexts.configure(
              "<configuration><appender name=\"PLAIN\" class=\"io.github.plainlogback.PlainThreadAppender\">"
                  + SETTINGS
                  + "</appender><appender name=\"SINK\" class=\"io.github.plainlogback.bench.SinkAppender\"/>"
                  + "<root level=\"INFO\"><appender-ref ref=\"SINK\"/><appender-ref ref=\"PLAIN\"/></root>"
                  + "</configuration>",
              Map.of());
      agent = Contexts.bare(); // the agent attaches its appender at the first event
    }

    @TearDown(Level.Trial)
    public void stop() {
      xml.stop();
      agent.stop();
    }
  }

  @State(Scope.Thread)
  public static class Caller {
    Logger xml;
    Logger agent;
    IllegalStateException failure;

    @Setup(Level.Trial)
    public void enterRequest(Contexts_ c) {
      for (LoggerContext context : new LoggerContext[] {c.xml, c.agent}) {
        context.getMDCAdapter().put("customerEmail", LoggingPathBenchmark.EMAIL);
      }
      xml = c.xml.getLogger("shop.Checkout");
      agent = c.agent.getLogger("shop.Checkout");
      failure = Contexts.deepException(40);
      // The first occurrence: from here on, the same error for the same customer is a dedupe hit.
      xml.error("Checkout failed", failure);
      agent.error("Checkout failed", failure);
      boolean withAgent =
          ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
              .anyMatch(a -> a.startsWith("-javaagent:"));
      if (withAgent
          && c.agent.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("PLAIN_AGENT") == null) {
        throw new IllegalStateException("the agent attached nothing: is target/agent/ there?");
      }
    }
  }

  @Benchmark
  public void info_xml(Caller c) {
    c.xml.info("Added item {} to the cart", 42);
  }

  @Benchmark
  @Fork(jvmArgsAppend = AGENT)
  public void info_agent(Caller c) {
    c.agent.info("Added item {} to the cart", 42);
  }

  @Benchmark
  public void errorDuplicate_xml(Caller c) {
    c.xml.error("Checkout failed", c.failure);
  }

  @Benchmark
  @Fork(jvmArgsAppend = AGENT)
  public void errorDuplicate_agent(Caller c) {
    c.agent.error("Checkout failed", c.failure);
  }
}
