package io.github.plainlogback.spring.boot;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.core.task.TaskDecorator;

/**
 * Carries the customer's MDC entries (email, name, request id) from the thread that submits a task
 * to the thread that runs it, so an error logged there becomes a thread for that customer. Only
 * these keys, put only where the task's thread has none, and taken out again after the task: a
 * pooled thread keeps nothing. The application's own decorator, when there is one, still runs
 * around it.
 */
final class PlainMdcTaskDecorator implements TaskDecorator {
  private final List<String> keys;
  private final @Nullable TaskDecorator applications;

  /**
   * @param keys the MDC keys to carry; nulls are ignored
   * @param applications the decorator the executor had, or null
   */
  PlainMdcTaskDecorator(List<String> keys, @Nullable TaskDecorator applications) {
    this.keys = keys.stream().filter(k -> k != null && !k.isBlank()).toList();
    this.applications = applications;
  }

  @Nullable TaskDecorator applications() {
    return applications;
  }

  @Override
  public Runnable decorate(Runnable task) {
    Runnable carried = carry(task);
    return applications == null ? carried : applications.decorate(carried);
  }

  /** Read on the submitting thread; put on the task's thread, closest to the task. */
  private Runnable carry(Runnable task) {
    String[] values = new String[keys.size()];
    boolean any = false;
    for (int i = 0; i < values.length; i++) {
      values[i] = MDC.get(keys.get(i));
      any |= values[i] != null;
    }
    if (!any) {
      return task;
    }
    return () -> {
      List<String> put = new ArrayList<>(values.length);
      try {
        for (int i = 0; i < values.length; i++) {
          if (values[i] != null && MDC.get(keys.get(i)) == null) {
            MDC.put(keys.get(i), values[i]);
            put.add(keys.get(i));
          }
        }
        task.run();
      } finally {
        put.forEach(MDC::remove);
      }
    };
  }
}
