package io.github.plainlogback.internal.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.plainlogback.internal.compose.EventDraft;
import io.github.plainlogback.internal.compose.ThreadComposer;
import io.github.plainlogback.internal.compose.ThreadDraft;
import io.github.plainlogback.internal.plain.GraphQlRequest;
import io.github.plainlogback.internal.plain.PlainRequests;
import io.github.plainlogback.internal.report.EmailAddresses;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.report.RecurrenceBatch;
import io.github.plainlogback.internal.status.ThrottledStatus;
import java.util.List;

/**
 * {@code dryRun}: builds and checks the exact requests a real delivery would send and reports them
 * through status at INFO, sending nothing. The customer's address is masked in what is printed, and
 * printing is throttled like every other status line (the first request, then at most one per
 * interval with a count of the others), so an error storm cannot flood the status manager.
 */
public final class DryRunDelivery implements ReportDelivery {
  private final PlainRequests requests;
  private final ThreadComposer composer;
  private final ThrottledStatus status;
  private final ObjectMapper json;

  public DryRunDelivery(
      PlainRequests requests, ThreadComposer composer, ThrottledStatus status, ObjectMapper json) {
    this.requests = requests;
    this.composer = composer;
    this.status = status;
    this.json = json;
  }

  @Override
  public DeliveryOutcome sendEvent(String threadId, RecurrenceBatch batch, String externalId) {
    EventDraft event = composer.composeEvent(batch);
    GraphQlRequest request = requests.createThreadEvent(threadId, event, externalId);
    status.report(
        ThrottledStatus.Level.INFO,
        "dryRun-event",
        () -> "dryRun: would send createThreadEvent " + print(request.variables()));
    return new DeliveryOutcome.Delivered(threadId, true);
  }

  @Override
  public DeliveryOutcome attempt(DeliveryAttempt attempt) {
    ErrorReport report = attempt.report();
    ThreadDraft draft = composer.compose(report);
    List<String> problems = draft.problems();
    if (!problems.isEmpty()) {
      status.report(
          ThrottledStatus.Level.ERROR,
          "dryRun-invalid",
          () ->
              "dryRun: the thread built for "
                  + report.fingerprintHex()
                  + " is invalid: "
                  + problems);
      return new DeliveryOutcome.Failed("invalid draft");
    }
    String masked = EmailAddresses.mask(draft.customerEmail());
    GraphQlRequest upsert =
        requests.upsertCustomer(masked, draft.customerName() == null ? null : "(customer name)");
    GraphQlRequest create = requests.createThread(draft, "<customer id from upsertCustomer>");
    status.report(
        ThrottledStatus.Level.INFO,
        "dryRun-thread",
        () ->
            "dryRun: would send upsertCustomer "
                + print(upsert.variables())
                + " then createThread "
                + print(create.variables()));
    return new DeliveryOutcome.Delivered("dryRun-" + report.fingerprintHex(), false);
  }

  private String print(ObjectNode variables) {
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(variables);
    } catch (JsonProcessingException e) {
      return "(unprintable: " + e.getOriginalMessage() + ")";
    }
  }
}
