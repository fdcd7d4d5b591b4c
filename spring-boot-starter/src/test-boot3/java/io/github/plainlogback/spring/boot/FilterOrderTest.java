package io.github.plainlogback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.security.SecurityProperties;

/** Boot 3: Spring Security's filter chain order lives in spring-boot-autoconfigure. */
class FilterOrderTest {
  @Test
  void theCustomerFilterRunsJustAfterSpringSecuritysFilterChain() {
    assertThat(PlainLogbackAutoConfiguration.CUSTOMER_FILTER_ORDER)
        .isEqualTo(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
  }
}
