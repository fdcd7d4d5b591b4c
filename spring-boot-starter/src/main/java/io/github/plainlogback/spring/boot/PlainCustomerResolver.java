package io.github.plainlogback.spring.boot;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.springframework.security.core.Authentication;

/**
 * Who the signed-in customer of a request is. Declare a bean of this type to replace the default
 * (OIDC/JWT {@code email} claim, else a principal name that is an email address), e.g. to look the
 * customer up in your own user table:
 *
 * <pre>{@code
 * @Bean
 * PlainCustomerResolver customers(UserRepository users) {
 *   return (request, auth) -> users.findByLogin(auth.getName())
 *       .map(u -> new PlainCustomer(u.email(), u.fullName()));
 * }
 * }</pre>
 *
 * <p>Called once per request by the starter's filter, after Spring Security has authenticated it,
 * and only for an authenticated, non-anonymous user.
 */
@FunctionalInterface
public interface PlainCustomerResolver {
  /**
   * The customer for this request, or empty when it is not a customer (an admin, a service
   * account): then nothing goes into the MDC and its errors open no thread.
   */
  Optional<PlainCustomer> resolve(HttpServletRequest request, Authentication authentication);
}
