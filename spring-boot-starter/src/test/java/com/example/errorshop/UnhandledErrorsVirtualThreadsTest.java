package com.example.errorshop;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.JRE;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.core.task.TaskExecutor;
import org.springframework.test.context.TestPropertySource;

/**
 * The same on virtual threads ({@code spring.threads.virtual.enabled}): Boot's {@code
 * applicationTaskExecutor} is then a {@code SimpleAsyncTaskExecutor} starting a virtual thread per
 * task, and Tomcat serves requests on virtual threads too.
 */
@EnabledIfSystemProperty(named = "container", matches = "tomcat")
@EnabledForJreRange(
    min = JRE.JAVA_21,
    disabledReason = "virtual threads need Java 21+; CI runs this class on JDK 25")
@TestPropertySource(properties = "spring.threads.virtual.enabled=true")
class UnhandledErrorsVirtualThreadsTest extends UnhandledErrorsTomcatTest {
  @Autowired
  @Qualifier("applicationTaskExecutor")
  TaskExecutor applicationTaskExecutor;

  @Test
  void asyncWorkRunsOnVirtualThreads() throws Exception {
    assertThat(applicationTaskExecutor).isInstanceOf(SimpleAsyncTaskExecutor.class);
    assertThat(get("/audits/11", "jane-token").body()).isEqualTo("accepted");

    assertThat(PLAIN.customerOf(threadsCreated(1).get(0))).isEqualTo("jane@example.com");
    // The audit's thread; Thread.isVirtual() is Java 21 API; the tests compile for 17.
    assertThat(Thread.class.getMethod("isVirtual").invoke(tasks.lastThread())).isEqualTo(true);
  }
}
