package io.github.plainlogback.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;

/**
 * Makes a Plain thread from a report: {@code upsertCustomer} by email (the id is cached), then {@code createThread}
 * with {@code customerIdentifier { customerId }}.
 *
 * <p>Never a duplicate thread: when a {@code createThread} may have reached Plain without us hearing back (a timeout,
 * a 5xx, an INTERNAL error), the next attempt first asks {@code threadByExternalId(customerId, fingerprint)} and
 * creates the thread only if Plain has none. A {@code not_found} for the customer (a stale cached id) re-upserts the
 * customer once.
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
  public DeliveryOutcome attempt(DeliveryAttempt a) {
    if (a.draft == null) {
      a.draft = composer.compose(a.report);
      List<String> problems = a.draft.problems();
      if (!problems.isEmpty()) {
        // Never send what Plain would reject; a draft we built being invalid is our bug, so say so loudly.
        status.report(
            ThrottledStatus.Level.ERROR,
            "invalid-draft",
            "Skipped report " + a.report.fingerprintHex() + ": the thread built for it is invalid " + problems
                + ". This is a bug in plain-logback-appender; please report it.");
        return new DeliveryOutcome.Failed("invalid draft");
      }
    }
    while (true) {
      if (a.customerId == null) {
        a.customerId = customerIds.getIfPresent(a.draft.customerEmail());
      }
      if (a.customerId == null) {
        DeliveryOutcome upsert = upsertCustomer(a);
        if (upsert != null) {
          return upsert;
        }
      }
      if (a.createMayHaveReachedPlain) {
        PlainResponse found = client.execute(requests.threadByExternalId(a.customerId, a.draft.externalId()));
        if (found instanceof PlainResponse.Failure f) {
          return classify("threadByExternalId", f, a);
        }
        String threadId = ((PlainResponse.Success) found).result().path("id").asText(null);
        if (threadId != null) {
          return new DeliveryOutcome.Delivered(threadId); // the earlier attempt did create it
        }
        a.createMayHaveReachedPlain = false;
      }
      PlainResponse created = client.execute(requests.createThread(a.draft, a.customerId));
      if (created instanceof PlainResponse.Success s) {
        return new DeliveryOutcome.Delivered(s.result().path("thread").path("id").asText(null));
      }
      PlainResponse.Failure f = (PlainResponse.Failure) created;
      if (isUnknownCustomer(f) && !a.customerRefreshed) {
        // The cached id went stale (customer deleted or merged in Plain): upsert again, once.
        a.customerRefreshed = true;
        customerIds.invalidate(a.draft.customerEmail());
        a.customerId = null;
        continue;
      }
      a.createMayHaveReachedPlain = mayHaveReachedPlain(f);
      return classify("createThread", f, a);
    }
  }

  /** Returns null when the customer id is now known, else the outcome to stop with. */
  private DeliveryOutcome upsertCustomer(DeliveryAttempt a) {
    PlainResponse response = client.execute(requests.upsertCustomer(a.draft.customerEmail(), a.draft.customerName()));
    if (response instanceof PlainResponse.Failure f) {
      return classify("upsertCustomer", f, a);
    }
    PlainResponse.Success s = (PlainResponse.Success) response;
    String id = s.result().path("customer").path("id").asText(null);
    if (id == null || id.isBlank()) {
      return classify(
          "upsertCustomer",
          new PlainResponse.Failure(
              PlainResponse.Source.BODY, true, 200, null, null, "answer without a customer id", List.of(), null,
              s.requestId()),
          a);
    }
    customerIds.put(a.draft.customerEmail(), id);
    a.customerId = id;
    return null;
  }

  private DeliveryOutcome classify(String operation, PlainResponse.Failure f, DeliveryAttempt a) {
    if (f.isAuthFailure()) {
      return new DeliveryOutcome.AuthFailed(f);
    }
    if (f.retryable()) {
      return new DeliveryOutcome.Retry(f);
    }
    status.warn(
        operation + ":" + f.source() + ":" + f.httpStatus() + ":" + f.code(),
        "Plain refused " + operation + " for " + EmailAddresses.mask(a.report.customerEmail()) + " (fingerprint "
            + a.report.fingerprintHex() + "), not retrying: " + f.describe());
    return new DeliveryOutcome.Failed(f.describe());
  }

  /** No answer after sending, a server error or an INTERNAL error: Plain may have created the thread anyway. */
  private static boolean mayHaveReachedPlain(PlainResponse.Failure f) {
    return switch (f.source()) {
      case IO -> !f.message().startsWith("ConnectException") && !f.message().startsWith("UnknownHostException");
      case HTTP -> f.httpStatus() >= 500;
      case BODY, GRAPHQL -> true;
      case MUTATION -> "INTERNAL".equals(f.type());
    };
  }

  private static boolean isUnknownCustomer(PlainResponse.Failure f) {
    return f.source() == PlainResponse.Source.MUTATION
        && "not_found".equals(f.code())
        && (f.fieldErrors().isEmpty() || f.fieldErrors().stream().anyMatch(e -> e.startsWith("customerIdentifier")));
  }
}
