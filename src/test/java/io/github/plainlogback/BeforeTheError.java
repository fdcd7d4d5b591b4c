package io.github.plainlogback;

import io.github.plainlogback.test.PlainStandIn;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** How the breadcrumb tests read the threads: each one's "Before the error" block, by customer. */
final class BeforeTheError {
  private BeforeTheError() {}

  /**
   * The "Before the error" block ("" when a thread has none) of each of the next {@code threads}
   * threads created, by customer email.
   */
  static Map<String, String> byCustomer(PlainStandIn plain, int threads)
      throws InterruptedException {
    Map<String, String> byCustomer = new HashMap<>();
    plain
        .nextThreadsByCustomer(threads, 10)
        .forEach(
            (email, input) ->
                byCustomer.put(
                    email,
                    Objects.requireNonNullElse(
                        PlainStandIn.componentText(input, "Before the error"), "")));
    return byCustomer;
  }
}
