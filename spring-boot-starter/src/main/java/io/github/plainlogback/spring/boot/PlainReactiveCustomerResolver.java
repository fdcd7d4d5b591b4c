package io.github.plainlogback.spring.boot;

import org.springframework.security.core.Authentication;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who the signed-in customer of a WebFlux request is: the reactive counterpart of {@link
 * PlainCustomerResolver}. Declare a bean of this type to replace the default (OIDC/JWT {@code
 * email} claim, else a principal name that is an email address), e.g. to look the customer up in a
 * reactive repository:
 *
 * <pre>{@code
 * @Bean
 * PlainReactiveCustomerResolver customers(UserRepository users) {
 *   return (exchange, auth) -> users.findByLogin(auth.getName())
 *       .map(u -> new PlainCustomer(u.email(), u.fullName()));
 * }
 * }</pre>
 *
 * <p>Called once per request by the starter's WebFilter, after Spring Security's filter chain, and
 * only for an authenticated, non-anonymous user. An error (or a null Mono) counts as no customer:
 * the request goes on unchanged.
 */
@FunctionalInterface
public interface PlainReactiveCustomerResolver {
  /**
   * The customer for this request, or an empty Mono when it is not a customer (an admin, a service
   * account): then its errors open no thread.
   */
  Mono<PlainCustomer> resolve(ServerWebExchange exchange, Authentication authentication);
}
