package io.github.plainlogback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ThreadLocalAccessor;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import reactor.core.publisher.Mono;

/** When the WebFlux part of the starter is there, and what it registers. */
class PlainLogbackReactiveAutoConfigurationTest {
  private static final AutoConfigurations STARTER =
      AutoConfigurations.of(
          PlainLogbackAutoConfiguration.class, PlainLogbackReactiveAutoConfiguration.class);

  private final ReactiveWebApplicationContextRunner reactive =
      new ReactiveWebApplicationContextRunner()
          .withConfiguration(STARTER)
          .withPropertyValues("plain.logback.request-id-mdc-key=requestId");

  private static boolean accessorRegistered() {
    return ContextRegistry.getInstance().getThreadLocalAccessors().stream()
        .map(ThreadLocalAccessor::key)
        .anyMatch(PlainCustomerWebFilter.CONTEXT_KEY::equals);
  }

  @Test
  void theCustomerWebFilterRunsJustAfterSpringSecuritysWebFilterChainProxy() throws Exception {
    // The constant is public, its class (Spring Security's) is not.
    java.lang.reflect.Field order =
        Class.forName(
                "org.springframework.security.config.annotation.web.reactive"
                    + ".WebFluxSecurityConfiguration")
            .getField("WEB_FILTER_CHAIN_FILTER_ORDER");
    order.setAccessible(true);
    int security = order.getInt(null);
    assertThat(PlainLogbackReactiveAutoConfiguration.CUSTOMER_WEB_FILTER_ORDER)
        .isEqualTo(security + 1);
  }

  @Test
  void aReactiveApplicationGetsTheWebFilterTheDefaultResolverAndTheAccessorForItsLifetime() {
    reactive.run(
        context -> {
          assertThat(context)
              .hasNotFailed()
              .hasSingleBean(PlainCustomerWebFilter.class)
              .getBean(PlainReactiveCustomerResolver.class)
              .isInstanceOf(DefaultPlainReactiveCustomerResolver.class);
          assertThat(context.getBean(PlainCustomerWebFilter.class).getOrder())
              .isEqualTo(PlainLogbackReactiveAutoConfiguration.CUSTOMER_WEB_FILTER_ORDER);
          assertThat(accessorRegistered()).isTrue();
        });
    assertThat(accessorRegistered()).as("taken out when the context closes").isFalse();
  }

  @Test
  void theApplicationsOwnResolverWins() {
    PlainReactiveCustomerResolver mine = (exchange, auth) -> Mono.empty();
    reactive
        .withBean(PlainReactiveCustomerResolver.class, () -> mine)
        .run(
            context ->
                assertThat(context.getBean(PlainReactiveCustomerResolver.class)).isSameAs(mine));
  }

  @Test
  void switchedOffByEitherProperty() {
    reactive
        .withPropertyValues("plain.logback.customer-filter=false")
        .run(
            context ->
                assertThat(context)
                    .hasNotFailed()
                    .doesNotHaveBean(PlainCustomerWebFilter.class)
                    .doesNotHaveBean(PlainReactiveCustomerResolver.class));
    reactive
        .withPropertyValues("plain.logback.enabled=false")
        .run(
            context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(PlainCustomerWebFilter.class));
  }

  @Test
  void withoutContextPropagationTheFilterStillReportsAndNothingIsRegistered() {
    reactive
        .withClassLoader(new FilteredClassLoader(ContextRegistry.class))
        .run(
            context -> {
              assertThat(context).hasNotFailed().hasSingleBean(PlainCustomerWebFilter.class);
              assertThat(context)
                  .doesNotHaveBean(PlainLogbackReactiveAutoConfiguration.PlainMdcPropagation.class);
            });
  }

  @Test
  void notInServletApplicationsNorWithoutSpringSecurity() {
    new WebApplicationContextRunner()
        .withConfiguration(STARTER)
        .run(
            context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(PlainCustomerWebFilter.class));
    reactive
        .withClassLoader(new FilteredClassLoader("org.springframework.security"))
        .run(
            context ->
                assertThat(context).hasNotFailed().doesNotHaveBean(PlainCustomerWebFilter.class));
  }
}
