package io.github.plainlogback.spring.boot;

import ch.qos.logback.core.util.FileSize;
import io.github.plainlogback.PlainThreadAppender;
import io.github.plainlogback.ThreadField;
import java.time.Duration;
import java.util.function.Consumer;

/** Copies {@code plain.logback.*} onto an appender through its public setters only. */
final class AppenderSettings {
  private AppenderSettings() {}

  static PlainThreadAppender newAppender(PlainLogbackProperties p) {
    PlainThreadAppender a = new PlainThreadAppender();
    a.setApiKey(p.getApiKey());
    a.setApiUrl(p.getApiUrl());
    a.setCustomerEmailMdcKey(p.getCustomerEmailMdcKey());
    a.setCustomerNameMdcKey(p.getCustomerNameMdcKey());
    p.getLabelTypeIds().forEach(a::addLabelTypeId);
    a.setTitle(p.getTitle());
    a.setPriority(p.getPriority());
    for (PlainLogbackProperties.ThreadFieldProperties f : p.getThreadFields()) {
      ThreadField field = new ThreadField();
      field.setKey(f.getKey());
      field.setType(f.getType());
      field.setValue(f.getValue());
      a.addThreadField(field);
    }
    duration(p.getDedupeWindow(), a::setDedupeWindow);
    a.setDedupeMaxEntries(p.getDedupeMaxEntries());
    a.setMaxThreadsPerMinute(p.getMaxThreadsPerMinute());
    a.setMaxThreadsPerCustomerPerHour(p.getMaxThreadsPerCustomerPerHour());
    a.setQueueSize(p.getQueueSize());
    duration(p.getShutdownTimeout(), a::setShutdownTimeout);
    duration(p.getConnectTimeout(), a::setConnectTimeout);
    duration(p.getRequestTimeout(), a::setRequestTimeout);
    a.setMaxRetries(p.getMaxRetries());
    duration(p.getAuthFailureBackoff(), a::setAuthFailureBackoff);
    duration(p.getRecurrenceInterval(), a::setRecurrenceInterval);
    a.setBreadcrumbs(p.getBreadcrumbs());
    a.setRedactDefaults(p.isRedactDefaults());
    p.getRedactPatterns().forEach(a::addRedact);
    p.getAppPackages().forEach(a::addAppPackage);
    a.setFingerprintMdcKey(p.getFingerprintMdcKey());
    a.setDryRun(p.isDryRun());
    // Unset stays unset: the appender treats null as "off" for these.
    if (p.getInboxUrl() != null) {
      a.setInboxUrl(p.getInboxUrl());
    }
    if (p.getRequestIdMdcKey() != null) {
      a.setRequestIdMdcKey(p.getRequestIdMdcKey());
    }
    if (p.getSpoolDirectory() != null) {
      a.setSpoolDirectory(p.getSpoolDirectory());
    }
    if (p.getSpoolMaxSize() != null) {
      a.setSpoolMaxSize(new FileSize(p.getSpoolMaxSize().toBytes()));
    }
    return a;
  }

  /** An empty property binds to null: the appender keeps its default, as for an empty element. */
  private static void duration(Duration d, Consumer<ch.qos.logback.core.util.Duration> setter) {
    if (d != null) {
      setter.accept(ch.qos.logback.core.util.Duration.buildByMilliseconds(d.toMillis()));
    }
  }
}
