package io.github.plainlogback.spring.boot;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.util.ReflectionUtils;

/**
 * Gives every {@code ThreadPoolTaskExecutor} and {@code SimpleAsyncTaskExecutor} bean (Boot's
 * {@code applicationTaskExecutor}, on platform or virtual threads, which {@code @Async} and Spring
 * MVC's async requests use, and the application's own) a {@link PlainMdcTaskDecorator} around the
 * decorator it already has, before the executor is initialised.
 *
 * <p>Composes rather than registers a {@code TaskDecorator} bean: Boot 3.5 applies a {@code
 * TaskDecorator} bean only when it is the only one ({@code getIfUnique}), so a second bean would
 * silently take the application's away. Neither executor has a getter for its decorator, so it is
 * read from its field; when a future Spring renames it, the executor is left as it is (said once),
 * never stripped of the application's decorator.
 */
class PlainTaskExecutorPostProcessor implements BeanPostProcessor {
  private static final Log LOG = LogFactory.getLog(PlainTaskExecutorPostProcessor.class);

  private final ObjectProvider<PlainLogbackProperties> properties;
  private final AtomicBoolean saidUnreadable = new AtomicBoolean();

  PlainTaskExecutorPostProcessor(ObjectProvider<PlainLogbackProperties> properties) {
    this.properties = properties;
  }

  @Override
  public Object postProcessBeforeInitialization(Object bean, String beanName) {
    if (bean instanceof ThreadPoolTaskExecutor pool) {
      decorate(bean, beanName, ThreadPoolTaskExecutor.class, pool::setTaskDecorator);
    } else if (bean instanceof SimpleAsyncTaskExecutor simple) {
      decorate(bean, beanName, SimpleAsyncTaskExecutor.class, simple::setTaskDecorator);
    }
    return bean;
  }

  private void decorate(
      Object executor,
      String beanName,
      Class<?> declaring,
      java.util.function.Consumer<TaskDecorator> setter) {
    Field field = ReflectionUtils.findField(declaring, "taskDecorator", TaskDecorator.class);
    if (field == null) {
      if (saidUnreadable.compareAndSet(false, true)) {
        LOG.warn(
            "plain.logback: cannot read the task decorator of executor '"
                + beanName
                + "'; its tasks run without the customer in the MDC (said once)");
      }
      return;
    }
    ReflectionUtils.makeAccessible(field);
    TaskDecorator current = (TaskDecorator) ReflectionUtils.getField(field, executor);
    if (current instanceof PlainMdcTaskDecorator) {
      return;
    }
    PlainLogbackProperties p = properties.getIfAvailable(PlainLogbackProperties::new);
    setter.accept(
        new PlainMdcTaskDecorator(
            Arrays.asList(
                p.getCustomerEmailMdcKey(), p.getCustomerNameMdcKey(), p.getRequestIdMdcKey()),
            current));
  }
}
