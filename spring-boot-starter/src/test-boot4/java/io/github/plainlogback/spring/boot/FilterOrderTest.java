package io.github.plainlogback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;

/**
 * Boot 4: Spring Security's filter chain order moved to spring-boot-security
 * (SecurityFilterProperties).
 */
class FilterOrderTest {
  @Test
  void theCustomerFilterRunsJustAfterSpringSecuritysFilterChain() {
    assertThat(PlainLogbackAutoConfiguration.CUSTOMER_FILTER_ORDER)
        .isEqualTo(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1);
  }
}
