package io.github.plainlogback.spring.boot;

import org.springframework.security.core.Authentication;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The same rules as {@link DefaultPlainCustomerResolver}, for WebFlux requests. */
public class DefaultPlainReactiveCustomerResolver implements PlainReactiveCustomerResolver {
  @Override
  public Mono<PlainCustomer> resolve(ServerWebExchange exchange, Authentication authentication) {
    return Mono.justOrEmpty(DefaultPlainCustomerResolver.customerOf(authentication));
  }
}
