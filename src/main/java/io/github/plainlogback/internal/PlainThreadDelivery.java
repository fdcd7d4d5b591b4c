package io.github.plainlogback.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;

/**
 * Makes a Plain thread from a report: {@code upsertCustomer} by email (the id is cached), then {@code createThread}
 * with {@code customerIdentifier { customerId }}. Every failure is reported through a throttled status warning that
 * carries Plain's message and request id, never the key or the customer's full address.
 */
public final class PlainThreadDelivery implements ReportDelivery {
  private final PlainClient client;
  private final PlainRequests requests;
  private final ThreadComposer composer;
  private final ThrottledStatus status;
  private final Cache<String, String> customerIds =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(24)).build();

  public PlainThreadDelivery(PlainClient client, PlainRequests requests, ThreadComposer composer, ThrottledStatus status) {
    this.client = client;
    this.requests = requests;
    this.composer = composer;
    this.status = status;
  }

  @Override
  public boolean deliver(ErrorReport report) {
    ThreadDraft draft = composer.compose(report);
    List<String> problems = draft.problems();
    if (!problems.isEmpty()) {
      // Never send what Plain would reject; this is a bug in the composer, so say so loudly.
      status.report(
          ThrottledStatus.Level.ERROR,
          "invalid-draft",
          "Skipped report " + report.fingerprintHex() + ": the thread built for it is invalid " + problems
              + ". This is a bug in plain-logback-appender; please report it.");
      return false;
    }
    String customerId = customerId(draft);
    if (customerId == null) {
      return false;
    }
    PlainResponse response = client.execute(requests.createThread(draft, customerId));
    if (response instanceof PlainResponse.Failure f && isUnknownCustomer(f)) {
      // The cached id went stale (customer deleted or merged in Plain): look the customer up again, once.
      customerIds.invalidate(draft.customerEmail());
      customerId = customerId(draft);
      if (customerId == null) {
        return false;
      }
      response = client.execute(requests.createThread(draft, customerId));
    }
    if (response instanceof PlainResponse.Failure f) {
      reportFailure("createThread", f, report);
      return false;
    }
    return true;
  }

  private String customerId(ThreadDraft draft) {
    String cached = customerIds.getIfPresent(draft.customerEmail());
    if (cached != null) {
      return cached;
    }
    PlainResponse response = client.execute(requests.upsertCustomer(draft.customerEmail(), draft.customerName()));
    if (response instanceof PlainResponse.Success s) {
      String id = s.result().path("customer").path("id").asText(null);
      if (id != null && !id.isBlank()) {
        customerIds.put(draft.customerEmail(), id);
        return id;
      }
      status.warn(
          "upsertCustomer:no-id",
          "Plain answered upsertCustomer for " + EmailAddresses.mask(draft.customerEmail()) + " without a customer id"
              + (s.requestId() == null ? "" : " (apigw-requestid " + s.requestId() + ")"));
      return null;
    }
    PlainResponse.Failure f = (PlainResponse.Failure) response;
    status.warn(
        topic("upsertCustomer", f),
        "Could not upsert Plain customer " + EmailAddresses.mask(draft.customerEmail()) + ": " + f.describe());
    return null;
  }

  private static boolean isUnknownCustomer(PlainResponse.Failure f) {
    return f.source() == PlainResponse.Source.MUTATION
        && "not_found".equals(f.code())
        && (f.fieldErrors().isEmpty() || f.fieldErrors().stream().anyMatch(e -> e.startsWith("customerIdentifier")));
  }

  private void reportFailure(String operation, PlainResponse.Failure f, ErrorReport report) {
    status.warn(
        topic(operation, f),
        "Could not create a Plain thread for " + EmailAddresses.mask(report.customerEmail()) + " (fingerprint "
            + report.fingerprintHex() + "): " + f.describe());
  }

  private static String topic(String operation, PlainResponse.Failure f) {
    return operation + ":" + f.source() + ":" + f.httpStatus() + ":" + f.code();
  }
}
