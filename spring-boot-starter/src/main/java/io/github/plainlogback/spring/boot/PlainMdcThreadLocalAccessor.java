package io.github.plainlogback.spring.boot;

import io.micrometer.context.ThreadLocalAccessor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Micrometer context-propagation's bridge between the Reactor Context entry {@link
 * PlainCustomerWebFilter#CONTEXT_KEY} (the customer's MDC entries of a WebFlux request) and the MDC
 * of the thread that runs the chain: with {@code spring.reactor.context-propagation=auto} Reactor
 * sets it around every operator, on every scheduler; otherwise in {@code handle()} and {@code
 * tap()}.
 *
 * <p>It takes out only what it put, and only while the MDC still holds that value: a key another
 * library also writes (tracing's {@code traceId} as the request id) keeps the other library's
 * value. (Micrometer's own {@code Slf4jThreadLocalAccessor} would clear its keys whatever their
 * owner, and an application may have registered it under its fixed key for its own keys.)
 */
public final class PlainMdcThreadLocalAccessor implements ThreadLocalAccessor<Map<String, String>> {
  /** What this accessor put into this thread's MDC, to take out exactly that. */
  private final ThreadLocal<Map<String, String>> put = new ThreadLocal<>();

  @Override
  public Object key() {
    return PlainCustomerWebFilter.CONTEXT_KEY;
  }

  @Override
  public @Nullable Map<String, String> getValue() {
    Map<String, String> mine = put.get();
    if (mine == null) {
      return null;
    }
    Map<String, String> still = new LinkedHashMap<>(mine.size());
    mine.forEach(
        (key, value) -> {
          if (value.equals(MDC.get(key))) {
            still.put(key, value);
          }
        });
    return still.isEmpty() ? null : still;
  }

  @Override
  public void setValue(Map<String, String> value) {
    setValue();
    if (value != null && !value.isEmpty()) {
      value.forEach(MDC::put);
      put.set(value);
    }
  }

  @Override
  public void setValue() {
    Map<String, String> mine = put.get();
    if (mine != null) {
      mine.forEach(
          (key, value) -> {
            if (value.equals(MDC.get(key))) {
              MDC.remove(key);
            }
          });
      put.remove();
    }
  }
}
