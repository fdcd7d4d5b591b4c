package io.github.plainlogback.internal.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.plainlogback.internal.compose.EventDraft;
import io.github.plainlogback.internal.compose.ThreadComposer;
import io.github.plainlogback.internal.compose.ThreadDraft;
import io.github.plainlogback.internal.plain.PlainClient;
import io.github.plainlogback.internal.plain.PlainRequests;
import io.github.plainlogback.internal.plain.PlainResponse;
import io.github.plainlogback.internal.report.EmailAddresses;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.RecurrenceBatch;
import io.github.plainlogback.internal.report.ReportLimits;
import io.github.plainlogback.internal.status.ThrottledStatus;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Delivers an error to Plain, with Plain itself as the store shared by every instance and restart:
 *
 * <ol>
 *   <li>{@code upsertCustomer} by email (the id is cached; a {@code not_found} on create re-upserts
 *       once);
 *   <li>{@code threadByExternalId(customerId, fingerprint)}: if a thread exists and is not DONE,
 *       the error is added to it as a "Happened again" event instead of opening a new thread;
 *   <li>if it is DONE, the bug is back: the successors {@code <fingerprint>-r2}, {@code -r3}, … are
 *       looked up the same way, and a new thread is created under the first free one, naming the
 *       previous thread's ref;
 *   <li>otherwise {@code createThread} with the fingerprint as external id.
 * </ol>
 *
 * <p>Never a duplicate thread: when a {@code createThread} may have reached Plain without us
 * hearing back (a timeout, a 5xx, an INTERNAL error), the lookup of the next attempt finds it and
 * the report is done.
 */
public final class PlainThreadDelivery implements ReportDelivery {
  /** Successor threads looked for before giving up on finding a free external id. */
  static final int MAX_REOPENS = 20;

  private final PlainClient client;
  private final PlainRequests requests;
  private final ThreadComposer composer;
  private final ThrottledStatus status;
  private final String instanceId;
  private final BugReach reach;
  private final AtomicLong firstRepeatSeq = new AtomicLong();
  private final Cache<String, String> customerIds =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(24)).build();

  /**
   * @param instanceId distinguishes this appender instance's event ids from other instances'
   */
  public PlainThreadDelivery(
      PlainClient client,
      PlainRequests requests,
      ThreadComposer composer,
      ThrottledStatus status,
      String instanceId) {
    this(client, requests, composer, status, instanceId, BugReach.OFF);
  }

  /**
   * @param reach counts the customers a bug reached and links their threads (best effort)
   */
  public PlainThreadDelivery(
      PlainClient client,
      PlainRequests requests,
      ThreadComposer composer,
      ThrottledStatus status,
      String instanceId,
      BugReach reach) {
    this.client = client;
    this.requests = requests;
    this.composer = composer;
    this.status = status;
    this.instanceId = instanceId;
    this.reach = reach;
  }

  @Override
  public DeliveryOutcome attempt(DeliveryAttempt a) {
    ErrorReport report = a.report;
    while (true) {
      if (a.customerId == null) {
        a.customerId = customerIds.getIfPresent(report.customerEmail());
      }
      if (a.customerId == null) {
        DeliveryOutcome upsert = upsertCustomer(a);
        if (upsert != null) {
          return upsert;
        }
      }
      String customerId = Objects.requireNonNull(a.customerId, "set by upsertCustomer");
      String externalId = report.fingerprintHex();
      String previousRef = null;
      for (int n = 2; ; n++) {
        PlainResponse found = client.execute(requests.threadByExternalId(customerId, externalId));
        if (found instanceof PlainResponse.Failure f) {
          return classify("threadByExternalId", f, report);
        }
        JsonNode thread = ((PlainResponse.Success) found).result();
        if (thread == null || !thread.isObject()) {
          if (a.createRefusedAsDuplicate) {
            // Plain said the id exists, yet it is not found: not a race we lost, a real refusal.
            status.warn(
                "createThread:duplicate-not-found",
                "Plain refused createThread for "
                    + EmailAddresses.mask(report.customerEmail())
                    + " (fingerprint "
                    + report.fingerprintHex()
                    + ") as a duplicate external id "
                    + externalId
                    + ", but no thread has it; not retrying.");
            return new DeliveryOutcome.Failed("duplicate external id, but no thread found");
          }
          break; // no thread under this id: create it
        }
        String threadId = thread.path("id").asText();
        if (!"DONE".equals(thread.path("status").asText())) {
          // An open thread: ours from an attempt we did not hear back from, or one this error
          // already has.
          if (a.createMayHaveReachedPlain) {
            reach.created(a.reach, report, customerId, threadId, thread.path("ref").asText(null));
            return new DeliveryOutcome.Delivered(threadId, false);
          }
          reach.found(report, customerId, threadId);
          return firstRepeat(a, threadId);
        }
        previousRef = thread.path("ref").asText(null);
        if (n > MAX_REOPENS) {
          status.warn(
              "reopens",
              "Error "
                  + externalId
                  + " was reopened more than "
                  + MAX_REOPENS
                  + " times for one customer; adding"
                  + " to its last thread.");
          return firstRepeat(a, threadId);
        }
        externalId = report.fingerprintHex() + "-r" + n;
      }
      if (!a.reachAsked) {
        a.reachAsked = true; // at most one extra query per new thread, whatever its retries
        a.reach = reach.beforeNewThread(report, customerId);
      }
      ThreadDraft draft =
          composer.compose(
              report, externalId, previousRef, a.reach == null ? null : a.reach.note());
      List<String> problems = draft.problems();
      if (!problems.isEmpty()) {
        return ourBug("the thread built for report " + report.fingerprintHex(), problems);
      }
      PlainResponse created = client.execute(requests.createThread(draft, customerId));
      if (created instanceof PlainResponse.Success s) {
        String threadId = s.result().path("thread").path("id").asText(null);
        // After the thread exists: nothing here can lose, delay or duplicate it.
        reach.created(
            a.reach,
            report,
            customerId,
            threadId,
            s.result().path("thread").path("ref").asText(null));
        return new DeliveryOutcome.Delivered(threadId, false);
      }
      PlainResponse.Failure f = (PlainResponse.Failure) created;
      if (isUnknownCustomer(f) && !a.customerRefreshed) {
        // The cached id went stale (customer deleted or merged in Plain): upsert again, once.
        a.customerRefreshed = true;
        customerIds.invalidate(report.customerEmail());
        a.customerId = null;
        continue;
      }
      if (isDuplicateExternalId(f) && !a.createRefusedAsDuplicate) {
        // Another instance created this error's thread a moment ago: look it up again, and this
        // occurrence becomes a "Happened again" event on it.
        a.createRefusedAsDuplicate = true;
        continue;
      }
      a.createMayHaveReachedPlain = mayHaveReachedPlain(f);
      return classify("createThread", f, report);
    }
  }

  /**
   * This instance's first occurrence of an error that already has an open thread: one "Happened
   * again" event.
   */
  private DeliveryOutcome firstRepeat(DeliveryAttempt a, String threadId) {
    if (a.eventExternalId == null) {
      a.eventExternalId =
          a.report.fingerprintHex() + "-" + instanceId + "-f" + firstRepeatSeq.incrementAndGet();
    }
    RecurrenceBatch one =
        new RecurrenceBatch(
            1,
            a.report.timestampMillis(),
            a.report.timestampMillis(),
            firstLine(a.report.message()));
    DeliveryOutcome outcome = sendEvent(threadId, one, a.eventExternalId, a.report);
    return outcome instanceof DeliveryOutcome.Delivered
        ? new DeliveryOutcome.Delivered(threadId, true)
        : outcome;
  }

  private static List<String> firstLine(@Nullable String message) {
    if (message == null || message.isBlank()) {
      return List.of();
    }
    int nl = message.indexOf('\n');
    return List.of(
        ReportLimits.cap(
            nl < 0 ? message : message.substring(0, nl), RecurrenceBatch.MAX_MESSAGE_CHARS));
  }

  @Override
  public boolean threadIsDone(String threadId) {
    PlainResponse response = client.execute(requests.threadStatus(threadId));
    return response instanceof PlainResponse.Success s
        && s.result() != null
        && "DONE".equals(s.result().path("status").asText());
  }

  @Override
  public DeliveryOutcome sendEvent(String threadId, RecurrenceBatch batch, String externalId) {
    return sendEvent(threadId, batch, externalId, null);
  }

  private DeliveryOutcome sendEvent(
      String threadId, RecurrenceBatch batch, String externalId, @Nullable ErrorReport report) {
    // A replayed report's repeat says the version it happened in, not this process's.
    EventDraft event =
        report == null || report.identity() == null
            ? composer.composeEvent(batch)
            : composer.composeEvent(batch, report.identity());
    List<String> problems = event.problems();
    if (!problems.isEmpty()) {
      return ourBug("a \"Happened again\" event for thread " + threadId, problems);
    }
    PlainResponse response =
        client.execute(requests.createThreadEvent(threadId, event, externalId));
    if (response instanceof PlainResponse.Success) {
      return new DeliveryOutcome.Delivered(threadId, true);
    }
    PlainResponse.Failure f = (PlainResponse.Failure) response;
    if (isDuplicateExternalId(f)) {
      return new DeliveryOutcome.Delivered(
          threadId, true); // a retry of an event Plain already recorded
    }
    if (f.isAuthFailure() || f.retryable()) {
      return classify("createThreadEvent", f, report);
    }
    status.warn(
        "createThreadEvent:" + f.source() + ":" + f.code(),
        "Plain refused a \"Happened again\" event on thread "
            + threadId
            + ", not retrying: "
            + f.describe());
    return new DeliveryOutcome.Failed(f.describe());
  }

  /**
   * Never sends what Plain would reject: something we built being invalid is a bug of ours, so it
   * is reported loudly and not retried.
   */
  private DeliveryOutcome ourBug(String what, List<String> problems) {
    status.report(
        ThrottledStatus.Level.ERROR,
        "invalid-request",
        "Skipped "
            + what
            + ": it is invalid "
            + problems
            + ". This is a bug in plain-logback-appender; please report it.");
    return new DeliveryOutcome.Failed("invalid request: " + problems);
  }

  /** Returns null when the customer id is now known, else the outcome to stop with. */
  private @Nullable DeliveryOutcome upsertCustomer(DeliveryAttempt a) {
    ErrorReport report = a.report;
    PlainResponse response =
        client.execute(requests.upsertCustomer(report.customerEmail(), report.customerName()));
    if (response instanceof PlainResponse.Failure f) {
      return classify("upsertCustomer", f, report);
    }
    PlainResponse.Success s = (PlainResponse.Success) response;
    String id = s.result().path("customer").path("id").asText(null);
    if (id == null || id.isBlank()) {
      return classify(
          "upsertCustomer",
          new PlainResponse.Failure(
              PlainResponse.Source.BODY,
              true,
              200,
              null,
              null,
              "answer without a customer id",
              List.of(),
              null,
              s.requestId()),
          report);
    }
    customerIds.put(report.customerEmail(), id);
    a.customerId = id;
    return null;
  }

  private DeliveryOutcome classify(
      String operation, PlainResponse.Failure f, @Nullable ErrorReport report) {
    if (f.isAuthFailure()) {
      return new DeliveryOutcome.AuthFailed(f);
    }
    if (f.retryable()) {
      return new DeliveryOutcome.Retry(f);
    }
    String about =
        report == null
            ? ""
            : " for "
                + EmailAddresses.mask(report.customerEmail())
                + " (fingerprint "
                + report.fingerprintHex()
                + ")";
    status.warn(
        operation + ":" + f.source() + ":" + f.httpStatus() + ":" + f.code(),
        "Plain refused " + operation + about + ", not retrying: " + f.describe());
    return new DeliveryOutcome.Failed(f.describe());
  }

  /**
   * No answer after sending, a server error or an INTERNAL error: Plain may have created the thread
   * anyway.
   */
  private static boolean mayHaveReachedPlain(PlainResponse.Failure f) {
    return switch (f.source()) {
      case IO -> {
        String why = Objects.requireNonNull(f.message(), "an IO failure says why");
        yield !why.startsWith("ConnectException") && !why.startsWith("UnknownHostException");
      }
      case HTTP -> f.httpStatus() >= 500;
      case BODY, GRAPHQL -> true;
      case MUTATION -> "INTERNAL".equals(f.type());
    };
  }

  private static boolean isUnknownCustomer(PlainResponse.Failure f) {
    return f.source() == PlainResponse.Source.MUTATION
        && "not_found".equals(f.code())
        && (f.fieldErrors().isEmpty()
            || f.fieldErrors().stream().anyMatch(e -> e.startsWith("customerIdentifier")));
  }

  private static boolean isDuplicateExternalId(PlainResponse.Failure f) {
    return f.source() == PlainResponse.Source.MUTATION
        && "VALIDATION".equals(f.type())
        && f.fieldErrors().stream().anyMatch(e -> e.startsWith("externalId"));
  }
}
