package io.github.plainlogback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The accessor puts the request's entries and takes out only what it put. */
class PlainMdcThreadLocalAccessorTest {
  private final PlainMdcThreadLocalAccessor accessor = new PlainMdcThreadLocalAccessor();

  @AfterEach
  void clear() {
    accessor.setValue();
    MDC.clear();
  }

  @Test
  void setsTheEntriesAndClearsExactlyThem() {
    MDC.put("traceId", "t-1");
    accessor.setValue(Map.of("customerEmail", "jane@example.com", "requestId", "r-1"));
    assertThat(MDC.get("customerEmail")).isEqualTo("jane@example.com");
    assertThat(accessor.getValue())
        .isEqualTo(Map.of("customerEmail", "jane@example.com", "requestId", "r-1"));

    accessor.setValue();
    assertThat(MDC.get("customerEmail")).isNull();
    assertThat(MDC.get("requestId")).isNull();
    assertThat(MDC.get("traceId")).as("not its own").isEqualTo("t-1");
    assertThat(accessor.getValue()).isNull();
  }

  @Test
  void aValueAnotherLibraryWroteOverIsLeftToIt() {
    accessor.setValue(Map.of("traceId", "mine"));
    MDC.put("traceId", "tracing's");
    assertThat(accessor.getValue()).as("no longer its value").isNull();
    accessor.setValue();
    assertThat(MDC.get("traceId")).isEqualTo("tracing's");
  }

  @Test
  void restoringThePreviousValueReplacesTheCurrentOne() {
    accessor.setValue(Map.of("customerEmail", "jane@example.com", "customerName", "Jane"));
    Map<String, String> previous = accessor.getValue();
    accessor.setValue(Map.of("customerEmail", "bob@example.com"));
    assertThat(MDC.get("customerName")).isNull();
    accessor.restore(previous);
    assertThat(MDC.get("customerEmail")).isEqualTo("jane@example.com");
    assertThat(MDC.get("customerName")).isEqualTo("Jane");
    accessor.restore();
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }
}
