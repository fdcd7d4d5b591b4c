package io.github.plainlogback.spring.boot;

import io.micrometer.context.ContextRegistry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * WebFlux with Spring Security: the customer WebFilter ({@link PlainCustomerWebFilter}) and, when
 * Micrometer's context-propagation is on the classpath, the accessor that carries the customer's
 * MDC entries across the reactive chain ({@link PlainMdcThreadLocalAccessor}). Kept apart from the
 * servlet configuration in {@link PlainLogbackAutoConfiguration}; the same switches apply ({@code
 * plain.logback.enabled}, {@code plain.logback.customer-filter}).
 */
@AutoConfiguration(after = PlainLogbackAutoConfiguration.class)
@ConditionalOnClass(
    name = {
      "ch.qos.logback.classic.LoggerContext",
      "io.github.plainlogback.PlainThreadAppender",
      "org.springframework.web.server.WebFilter",
      "reactor.core.publisher.Mono",
      "org.springframework.security.core.context.ReactiveSecurityContextHolder"
    })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnProperty(
    prefix = "plain.logback",
    name = {"enabled", "customer-filter"},
    matchIfMissing = true)
@EnableConfigurationProperties(PlainLogbackProperties.class)
public class PlainLogbackReactiveAutoConfiguration {
  /**
   * Just after Spring Security's {@code WebFilterChainProxy} ({@code
   * WebFluxSecurityConfiguration.WEB_FILTER_CHAIN_FILTER_ORDER}, -100, pinned by a test), so the
   * reactive security context is known.
   */
  public static final int CUSTOMER_WEB_FILTER_ORDER = -100 + 1;

  @Bean
  @ConditionalOnMissingBean
  PlainReactiveCustomerResolver plainReactiveCustomerResolver() {
    return new DefaultPlainReactiveCustomerResolver();
  }

  @Bean
  PlainCustomerWebFilter plainCustomerWebFilter(
      PlainReactiveCustomerResolver resolver, PlainLogbackProperties properties) {
    return new PlainCustomerWebFilter(
        resolver,
        properties.getCustomerEmailMdcKey(),
        properties.getCustomerNameMdcKey(),
        properties.getRequestIdMdcKey(),
        CUSTOMER_WEB_FILTER_ORDER);
  }

  /** Micrometer's context-propagation present: the customer follows the chain across threads. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.context.ContextRegistry")
  static class ContextPropagationConfiguration {
    @Bean
    PlainMdcPropagation plainMdcPropagation() {
      return new PlainMdcPropagation();
    }
  }

  /** Registers the accessor with the global ContextRegistry for the life of the context. */
  static class PlainMdcPropagation implements InitializingBean, DisposableBean {
    @Override
    public void afterPropertiesSet() {
      ContextRegistry.getInstance().registerThreadLocalAccessor(new PlainMdcThreadLocalAccessor());
    }

    @Override
    public void destroy() {
      ContextRegistry.getInstance().removeThreadLocalAccessor(PlainCustomerWebFilter.CONTEXT_KEY);
    }
  }
}
