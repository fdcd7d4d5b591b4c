package io.github.plainlogback.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskDecorator;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * Executors get the customer's MDC entries around the decorator they already had, and a pooled
 * thread keeps none of them after the task.
 */
class PlainTaskExecutorPostProcessorTest {
  private final PlainTaskExecutorPostProcessor processor =
      new PlainTaskExecutorPostProcessor(properties());

  private static org.springframework.beans.factory.ObjectProvider<PlainLogbackProperties>
      properties() {
    DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
    PlainLogbackProperties p = new PlainLogbackProperties();
    p.setRequestIdMdcKey("requestId");
    beans.registerSingleton("properties", p);
    return beans.getBeanProvider(PlainLogbackProperties.class);
  }

  /** The application's own decorator: puts its tenant into the task's MDC. */
  private static final TaskDecorator TENANT =
      task ->
          () -> {
            MDC.put("tenant", "acme");
            try {
              task.run();
            } finally {
              MDC.remove("tenant");
            }
          };

  @AfterEach
  void clear() {
    MDC.clear();
  }

  private static Map<String, String> mdc() {
    Map<String, String> m = MDC.getCopyOfContextMap();
    return m == null ? Map.of() : new HashMap<>(m);
  }

  @Test
  void aPoolCarriesTheCustomerAndKeepsTheApplicationsDecoratorAndNothingStays() throws Exception {
    ThreadPoolTaskExecutor pool = new ThreadPoolTaskExecutor();
    pool.setCorePoolSize(1);
    pool.setMaxPoolSize(1);
    pool.setTaskDecorator(TENANT);
    processor.postProcessBeforeInitialization(pool, "applicationTaskExecutor");
    processor.postProcessBeforeInitialization(pool, "applicationTaskExecutor"); // no second layer
    pool.initialize();
    try {
      MDC.put("customerEmail", "jane@example.com");
      MDC.put("requestId", "r-1");
      MDC.put("unrelated", "stays home");
      CompletableFuture<Map<String, String>> during = new CompletableFuture<>();
      pool.execute(() -> during.complete(mdc()));
      assertThat(during.get(5, TimeUnit.SECONDS))
          .containsEntry("customerEmail", "jane@example.com")
          .containsEntry("requestId", "r-1")
          .containsEntry("tenant", "acme")
          .doesNotContainKey("unrelated");

      MDC.clear();
      CompletableFuture<Map<String, String>> after = new CompletableFuture<>();
      pool.execute(() -> after.complete(mdc())); // the same pooled thread
      assertThat(after.get(5, TimeUnit.SECONDS)).containsOnlyKeys("tenant");
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void aSimpleAsyncExecutorWithoutDecoratorGetsOne() throws Exception {
    SimpleAsyncTaskExecutor simple = new SimpleAsyncTaskExecutor();
    processor.postProcessBeforeInitialization(simple, "applicationTaskExecutor");
    MDC.put("customerEmail", "jane@example.com");
    MDC.put("customerName", "Jane Doe");
    CompletableFuture<Map<String, String>> during = new CompletableFuture<>();
    simple.execute(() -> during.complete(mdc()));
    assertThat(during.get(5, TimeUnit.SECONDS))
        .containsEntry("customerEmail", "jane@example.com")
        .containsEntry("customerName", "Jane Doe");
  }

  @Test
  void aValueTheTasksThreadAlreadyHasIsLeftAlone() throws Exception {
    TaskDecorator other =
        task ->
            () -> {
              MDC.put("customerEmail", "set-by-the-app@example.com");
              task.run();
            };
    PlainMdcTaskDecorator decorator =
        new PlainMdcTaskDecorator(java.util.List.of("customerEmail"), other);
    MDC.put("customerEmail", "jane@example.com");
    Runnable task = decorator.decorate(() -> assertThat(MDC.get("customerEmail")).isNotNull());
    MDC.clear();
    Map<String, String> seen = new HashMap<>();
    decorator.decorate(() -> seen.putAll(mdc())).run(); // nothing to carry: the app's alone
    assertThat(seen).containsEntry("customerEmail", "set-by-the-app@example.com");
    MDC.clear();
    task.run();
    assertThat(MDC.get("customerEmail"))
        .as("the app's value is left as the app's decorator put it")
        .isEqualTo("set-by-the-app@example.com");
  }
}
