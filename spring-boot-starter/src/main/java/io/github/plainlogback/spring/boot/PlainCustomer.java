package io.github.plainlogback.spring.boot;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The signed-in customer a request belongs to: the email Plain knows them by, and optionally the
 * full name used when Plain creates the customer.
 *
 * @param email the customer's email address; required
 * @param name the customer's full name, or {@code null}
 */
public record PlainCustomer(String email, @Nullable String name) {
  public PlainCustomer {
    Objects.requireNonNull(email, "email");
  }

  /** A customer known by email only. */
  public static PlainCustomer ofEmail(String email) {
    return new PlainCustomer(email, null);
  }
}
