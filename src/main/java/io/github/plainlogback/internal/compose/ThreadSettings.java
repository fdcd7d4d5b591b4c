package io.github.plainlogback.internal.compose;

import io.github.plainlogback.internal.grouping.AppPackages;
import java.util.List;

/** What every thread gets from configuration. */
public record ThreadSettings(
    String titlePrefix,
    List<String> labelTypeIds,
    List<ThreadFieldValue> threadFields,
    int priority,
    String hostName,
    AppPackages appPackages) {

  public ThreadSettings {
    labelTypeIds = List.copyOf(labelTypeIds);
    threadFields = List.copyOf(threadFields);
  }

  public ThreadSettings(
      String titlePrefix,
      List<String> labelTypeIds,
      List<ThreadFieldValue> threadFields,
      int priority,
      String hostName) {
    this(titlePrefix, labelTypeIds, threadFields, priority, hostName, AppPackages.NONE);
  }
}
