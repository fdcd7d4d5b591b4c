package io.github.plainlogback.spring.boot;

import ch.qos.logback.core.util.FileSize;
import io.github.plainlogback.PlainThreadAppender;
import io.github.plainlogback.ThreadField;
import java.time.Duration;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

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
    issue19(p, a);
    return a;
  }

  /** Issue 19's settings; unset stays unset (the appender's own default or detection). */
  private static void issue19(PlainLogbackProperties p, PlainThreadAppender a) {
    set(p.getFingerprintThreadField(), a::setFingerprintThreadField);
    set(p.getTraceIdMdcKeys(), a::setTraceIdMdcKeys);
    set(p.getSpanIdMdcKeys(), a::setSpanIdMdcKeys);
    set(p.getTraceUrlTemplate(), a::setTraceUrlTemplate);
    set(p.getLogsUrlTemplate(), a::setLogsUrlTemplate);
    duration(p.getLinkTimeWindow(), a::setLinkTimeWindow);
    set(p.getServiceName(), a::setServiceName);
    set(p.getServiceVersion(), a::setServiceVersion);
    set(p.getEnvironment(), a::setEnvironment);
    set(p.getServiceThreadField(), a::setServiceThreadField);
    set(p.getVersionThreadField(), a::setVersionThreadField);
    set(p.getEnvironmentThreadField(), a::setEnvironmentThreadField);
  }

  private static void set(@Nullable String value, Consumer<String> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  /** An empty property binds to null: the appender keeps its default, as for an empty element. */
  private static void duration(Duration d, Consumer<ch.qos.logback.core.util.Duration> setter) {
    if (d != null) {
      setter.accept(ch.qos.logback.core.util.Duration.buildByMilliseconds(d.toMillis()));
    }
  }
}
