package io.github.plainlogback.spring.boot;

import io.github.plainlogback.PlainThreadAppender;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Attaches the Plain appender to the root logger, registers the customer filter (servlet + Spring
 * Security; it also reports the exceptions that escape a request), the customer's MDC entries on
 * task executors, the Micrometer meters and the health contributor (Actuator). {@code
 * plain.logback.enabled=false} turns all of it off; without an API key and without dry run no
 * appender is attached, and the starter says so once.
 */
@AutoConfiguration
@ConditionalOnClass(
    name = {"ch.qos.logback.classic.LoggerContext", "io.github.plainlogback.PlainThreadAppender"})
@ConditionalOnProperty(prefix = "plain.logback", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(PlainLogbackProperties.class)
public class PlainLogbackAutoConfiguration {
  /**
   * Just after Spring Security's filter chain at its default order ({@code DEFAULT_FILTER_ORDER},
   * -100, in Boot 3's {@code SecurityProperties} and Boot 4's {@code SecurityFilterProperties}: the
   * constant moved, so the value is spelled out here and pinned by a test against each). When
   * {@code spring.security.filter.order} moves the chain, the filter follows it.
   */
  public static final int CUSTOMER_FILTER_ORDER = -100 + 1;

  // Never lazy (spring.main.lazy-initialization): nothing asks for it, and errors would go
  // unreported. (As an application listener the context creates it early anyway; this says so.)
  @Bean
  @Lazy(false)
  @ConditionalOnMissingBean
  PlainLogbackAttacher plainLogbackAttacher(
      PlainLogbackProperties properties,
      Environment env,
      ObjectProvider<BuildProperties> build,
      ResourceLoader resources) {
    return new PlainLogbackAttacher(
        ServiceIdentityDetection.apply(
            properties, env, build.getIfAvailable(), resources.getClassLoader()));
  }

  /** The customer filter: servlet applications with Spring Security. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnClass(
      name = {
        "jakarta.servlet.Filter",
        "org.springframework.web.filter.OncePerRequestFilter",
        "org.springframework.security.core.context.SecurityContextHolder"
      })
  @ConditionalOnProperty(prefix = "plain.logback", name = "customer-filter", matchIfMissing = true)
  static class CustomerFilterConfiguration {
    @Bean
    @ConditionalOnMissingBean
    PlainCustomerResolver plainCustomerResolver() {
      return new DefaultPlainCustomerResolver();
    }

    @Bean
    FilterRegistrationBean<PlainCustomerMdcFilter> plainCustomerMdcFilter(
        PlainCustomerResolver resolver, PlainLogbackProperties properties, Environment env) {
      FilterRegistrationBean<PlainCustomerMdcFilter> registration =
          new FilterRegistrationBean<>(
              new PlainCustomerMdcFilter(
                  resolver,
                  properties.getCustomerEmailMdcKey(),
                  properties.getCustomerNameMdcKey(),
                  properties.getRequestIdMdcKey()));
      registration.setName("plainCustomerMdcFilter");
      Integer securityOrder = env.getProperty("spring.security.filter.order", Integer.class);
      registration.setOrder(securityOrder == null ? CUSTOMER_FILTER_ORDER : securityOrder + 1);
      return registration;
    }
  }

  /**
   * {@code @Async} methods, Boot's {@code applicationTaskExecutor} (platform or virtual threads)
   * and Spring MVC's async requests carry the customer of the request that started the task.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor")
  static class TaskExecutorConfiguration {
    @Bean
    static PlainTaskExecutorPostProcessor plainTaskExecutorPostProcessor(
        ObjectProvider<PlainLogbackProperties> properties) {
      return new PlainTaskExecutorPostProcessor(properties);
    }
  }

  /** Micrometer: {@code plain.logback.reports} and {@code plain.logback.queue.depth}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
  static class MetricsConfiguration {
    @Bean
    @ConditionalOnMissingBean
    PlainLogbackMetrics plainLogbackMetrics(PlainLogbackAttacher attacher) {
      return new PlainLogbackMetrics(attacher);
    }
  }

  /** Actuator: the {@code plainLogback} health contributor, in Boot 3's or Boot 4's package. */
  @Configuration(proxyBeanMethods = false)
  @Import(HealthRegistrar.class)
  static class HealthConfiguration {}

  /**
   * Registers {@code plainLogbackHealthIndicator} typed as the {@code HealthIndicator} interface
   * present (so Actuator finds it by type before it is created), when Actuator is there.
   */
  static class HealthRegistrar implements ImportBeanDefinitionRegistrar, BeanClassLoaderAware {
    private ClassLoader loader = PlainThreadAppender.class.getClassLoader();

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
      this.loader = classLoader;
    }

    @Override
    public void registerBeanDefinitions(
        AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
      String pkg = PlainLogbackHealth.healthPackage(loader);
      if (pkg == null || registry.containsBeanDefinition("plainLogbackHealthIndicator")) {
        return;
      }
      Class<?> type;
      try {
        type = Class.forName(pkg + ".HealthIndicator", false, loader);
      } catch (ClassNotFoundException e) {
        return;
      }
      BeanFactory beans = (BeanFactory) registry;
      RootBeanDefinition definition = new RootBeanDefinition();
      definition.setTargetType(type);
      definition.setInstanceSupplier(
          () -> {
            try {
              return new PlainLogbackHealth(beans.getBean(PlainLogbackAttacher.class))
                  .indicator(pkg, loader);
            } catch (ReflectiveOperationException e) {
              throw new IllegalStateException(
                  "plain.logback: cannot build the health indicator", e);
            }
          });
      registry.registerBeanDefinition("plainLogbackHealthIndicator", definition);
    }
  }
}
