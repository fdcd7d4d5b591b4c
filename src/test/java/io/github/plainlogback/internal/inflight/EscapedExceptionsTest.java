package io.github.plainlogback.internal.inflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EscapedExceptionsTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final EscapedExceptions escapes = new EscapedExceptions(now::get);
  private final List<EscapedExceptions.Escape> reported = new ArrayList<>();

  private EscapedExceptions.Escape escape(Throwable t) {
    return new EscapedExceptions.Escape(t, "GET", "/orders/42", null);
  }

  @Test
  void anEscapeReachesTheSinksOnceAndItsCauseChainIsRecognisedByIdentity() {
    escapes.addSink(reported::add);
    escapes.addSink(e -> true);
    IllegalStateException root = new IllegalStateException("card declined");
    RuntimeException thrown = new RuntimeException("checkout failed", root);

    assertThat(escapes.escaped(escape(thrown))).isTrue();
    assertThat(escapes.escaped(escape(thrown))).as("an outer filter sees it again").isFalse();
    assertThat(reported).hasSize(1);

    assertThat(escapes.wasReported(root)).as("Tomcat logs the root cause").isTrue();
    assertThat(escapes.wasReported(new Exception("wrapper", thrown)))
        .as("Jetty logs a wrapper of it")
        .isTrue();
    assertThat(escapes.wasReported(new IllegalStateException("card declined")))
        .as("an equal exception is another error: identity, never the message")
        .isFalse();
  }

  @Test
  void nothingIsRememberedWhenNoSinkTookIt() {
    escapes.addSink(e -> false); // no customer
    IllegalStateException thrown = new IllegalStateException("anonymous");
    assertThat(escapes.escaped(escape(thrown))).isFalse();
    assertThat(escapes.wasReported(thrown)).isFalse();
  }

  @Test
  void withoutAnySinkNothingIsRemembered() {
    IllegalStateException thrown = new IllegalStateException();
    assertThat(escapes.escaped(escape(thrown))).isFalse();
    assertThat(escapes.wasReported(thrown)).isFalse();
  }

  @Test
  void anEscapedExceptionIsForgottenAfterTheMemory() {
    escapes.addSink(e -> true);
    IllegalStateException thrown = new IllegalStateException();
    escapes.escaped(escape(thrown));
    now.addAndGet(EscapedExceptions.MEMORY_NANOS);
    assertThat(escapes.wasReported(thrown)).isTrue();
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
    assertThat(escapes.wasReported(thrown))
        .as("a reused exception instance is reported again")
        .isFalse();
  }

  @Test
  void aCycleInTheCauseChainEnds() {
    escapes.addSink(e -> true);
    Exception a = new Exception("a");
    Exception b = new Exception("b", a);
    a.initCause(b);
    assertThat(escapes.escaped(escape(a))).isTrue();
    assertThat(escapes.wasReported(b)).isTrue();
    assertThat(escapes.wasReported(new Exception("c"))).isFalse();
  }

  @Test
  void memoryIsBoundedAndTheNewestAreKept() {
    escapes.addSink(e -> true);
    List<Throwable> all = new ArrayList<>();
    for (int i = 0; i < EscapedExceptions.SLOTS * 4; i++) {
      Throwable t = new IllegalStateException("e" + i);
      all.add(t);
      now.addAndGet(1);
      escapes.escaped(escape(t));
    }
    long remembered = all.stream().filter(escapes::wasReported).count();
    assertThat(remembered).isLessThanOrEqualTo(EscapedExceptions.SLOTS);
    assertThat(escapes.wasReported(all.get(all.size() - 1))).isTrue();
  }

  @Test
  void anEscapedExceptionIsHeldWeakly() {
    escapes.addSink(e -> true);
    Throwable thrown = new IllegalStateException("pins a request");
    WeakReference<Throwable> ref = new WeakReference<>(thrown);
    escapes.escaped(escape(thrown));
    thrown = null;
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              System.gc();
              return ref.get() == null;
            });
    assertThat(ref.get()).isNull();
  }
}
