package io.github.plainlogback.internal.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.plainlogback.internal.compose.BugReachNote;
import io.github.plainlogback.internal.compose.EventDraft;
import io.github.plainlogback.internal.compose.ThreadComposer;
import io.github.plainlogback.internal.plain.GraphQlRequest;
import io.github.plainlogback.internal.plain.PlainClient;
import io.github.plainlogback.internal.plain.PlainRequests;
import io.github.plainlogback.internal.plain.PlainResponse;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.status.ThrottledStatus;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One bug, many customers (issue 19): how many customers a fingerprint has reached, the link from
 * each new customer's thread to the bug's first thread, and the "Now seen for N customers" event on
 * that first thread at 2, 5, 10, 25, 50, 100, …
 *
 * <p>With a fingerprint thread field, the bug's earlier threads are found through Plain ({@code
 * threads} filtered by that field, other customers only): at most one query per new thread, none
 * while a recent answer is cached. Without it, from the threads this process created or found.
 *
 * <p>Everything here is best effort and costs the report nothing: a failure, a 429 or a missing
 * permission is said once through the status, the call is skipped (a 429 pauses only these calls,
 * for as long as Plain asked), and the report goes on at once, never retried or duplicated because
 * of it. Runs on the delivery worker only.
 */
public final class BugReach {
  /** How long a count from Plain stands in for a new query: a storm of customers costs one. */
  static final Duration FRESH = Duration.ofMinutes(1);

  /** How long a call refused for a missing permission is not tried again. */
  static final Duration FORBIDDEN_PAUSE = Duration.ofHours(1);

  /** How long these calls pause after a 429 that did not say how long. */
  static final Duration RATE_LIMIT_PAUSE = Duration.ofMinutes(1);

  /**
   * Customer ids kept per bug to count distinct customers locally; past it, threads are counted.
   */
  static final int MAX_CUSTOMERS_KEPT = 1_000;

  /** Nothing: no reach, no links (dry run). */
  public static final BugReach OFF = new BugReach();

  /** What is known of one bug. Worker thread only. */
  static final class Bug {
    @Nullable String firstThreadId;
    @Nullable String firstRef;
    long customers;
    long queriedAt = Long.MIN_VALUE;
    boolean queried;
    final Set<String> customerIds = new HashSet<>();
  }

  /**
   * What {@link #beforeNewThread} learned, kept in the attempt so a retried createThread asks Plain
   * no second time.
   *
   * @param previous the customers known before this thread (its milestone is crossed from there)
   */
  record Plan(
      long customers, long previous, @Nullable String firstThreadId, @Nullable String firstRef) {
    BugReachNote note() {
      return new BugReachNote(customers, firstThreadId == null ? null : firstRef);
    }
  }

  private final PlainClient client;
  private final PlainRequests requests;
  private final ThreadComposer composer;
  private final ThrottledStatus status;
  private final @Nullable String fingerprintField;
  private final Ticker ticker;
  private final @Nullable Cache<Long, Bug> bugs; // null: OFF
  private final Set<String> said = ConcurrentHashMap.newKeySet();

  /** Ticker time before which no call of these is made (Plain rate-limited one of them). */
  private long pausedUntil;

  private boolean paused;

  /** Ticker time until which each operation refused for a permission is skipped. */
  private final java.util.Map<String, Long> forbiddenUntil = new java.util.HashMap<>();

  @SuppressWarnings("NullAway") // OFF: every entry point returns first, when bugs is null
  private BugReach() {
    this.client = null;
    this.requests = null;
    this.composer = null;
    this.status = null;
    this.fingerprintField = null;
    this.ticker = Ticker.systemTicker();
    this.bugs = null;
  }

  /**
   * @param fingerprintField the key of the STRING thread field holding the fingerprint, or null to
   *     count from this process's own threads
   */
  public BugReach(
      PlainClient client,
      PlainRequests requests,
      ThreadComposer composer,
      ThrottledStatus status,
      @Nullable String fingerprintField,
      Ticker ticker) {
    this.client = client;
    this.requests = requests;
    this.composer = composer;
    this.status = status;
    this.fingerprintField = fingerprintField;
    this.ticker = ticker;
    this.bugs =
        Caffeine.newBuilder()
            .ticker(ticker)
            .maximumSize(10_000)
            .expireAfterAccess(Duration.ofDays(1))
            .build();
  }

  /**
   * Before a new thread is created for {@code customerId}: how far the bug has reached with it, and
   * its first thread. Null when off.
   */
  @Nullable Plan beforeNewThread(ErrorReport report, String customerId) {
    if (bugs == null) {
      return null;
    }
    Bug bug = bugs.get(report.fingerprint(), k -> new Bug());
    long previous = bug.customers;
    boolean fresh = bug.queried && ticker.read() - bug.queriedAt < FRESH.toNanos();
    if (fingerprintField != null && !fresh) {
      JsonNode threads =
          call(
              "threads",
              requests.bugThreads(fingerprintField, report.fingerprintHex(), customerId));
      if (threads != null && threads.has("totalCount")) {
        long others = threads.path("totalCount").asLong();
        JsonNode first = threads.path("edges").path(0).path("node");
        if (first.hasNonNull("id")) {
          bug.firstThreadId = first.path("id").asText();
          bug.firstRef = first.path("ref").asText(null);
        }
        bug.customers = Math.max(bug.customers, others); // others: this customer comes on top
        bug.queried = true;
        bug.queriedAt = ticker.read();
        return new Plan(others + 1, others, bug.firstThreadId, bug.firstRef);
      }
    }
    // From what this process knows: its own threads, and the last count Plain gave.
    boolean known = bug.customerIds.contains(customerId);
    long customers = known ? bug.customers : bug.customers + 1;
    return new Plan(Math.max(customers, 1), previous, bug.firstThreadId, bug.firstRef);
  }

  /**
   * A new thread was created: link it to the bug's first thread, and tell the first thread when the
   * bug's reach crossed a milestone.
   */
  void created(
      @Nullable Plan plan,
      ErrorReport report,
      String customerId,
      @Nullable String threadId,
      @Nullable String ref) {
    if (bugs == null || plan == null || threadId == null) {
      return;
    }
    Bug bug = bugs.get(report.fingerprint(), k -> new Bug());
    remember(bug, customerId);
    bug.customers = Math.max(bug.customers, plan.customers());
    if (bug.firstThreadId == null) {
      bug.firstThreadId = plan.firstThreadId() != null ? plan.firstThreadId() : threadId;
      bug.firstRef = plan.firstThreadId() != null ? plan.firstRef() : ref;
    }
    String first = plan.firstThreadId();
    if (first == null || first.equals(threadId)) {
      return;
    }
    call("createThreadLink", requests.createThreadLink(threadId, first));
    long milestone = BugReachNote.milestoneCrossed(plan.previous(), plan.customers());
    if (milestone > 0) {
      EventDraft event = composer.composeReachEvent(milestone, ref);
      if (event.problems().isEmpty()) {
        // One id per bug and milestone: however many instances cross it, Plain records it once.
        call(
            "createThreadEvent",
            requests.createThreadEvent(
                first, event, report.fingerprintHex() + "-reach-" + milestone));
      }
    }
  }

  /** A customer's open thread was found for the bug: it counts, and may be the first one known. */
  void found(ErrorReport report, String customerId, String threadId) {
    if (bugs == null) {
      return;
    }
    Bug bug = bugs.get(report.fingerprint(), k -> new Bug());
    if (remember(bug, customerId) && !bug.queried) {
      bug.customers++;
    }
    if (bug.firstThreadId == null) {
      bug.firstThreadId = threadId;
    }
  }

  /** Whether the customer is new to this bug here. */
  private static boolean remember(Bug bug, String customerId) {
    if (bug.customerIds.size() >= MAX_CUSTOMERS_KEPT) {
      return !bug.customerIds.contains(customerId);
    }
    return bug.customerIds.add(customerId);
  }

  /** One best-effort call: its result, or null (and said once) when Plain did not give it. */
  private @Nullable JsonNode call(String operation, GraphQlRequest request) {
    long now = ticker.read();
    if (paused && now - pausedUntil < 0) {
      return null;
    }
    paused = false;
    Long forbidden = forbiddenUntil.get(operation);
    if (forbidden != null && now - forbidden < 0) {
      return null;
    }
    PlainResponse response = client.execute(request);
    if (response instanceof PlainResponse.Success s) {
      return s.result();
    }
    PlainResponse.Failure f = (PlainResponse.Failure) response;
    if (isAlreadyDone(f)) {
      return null; // the link exists, or another instance announced the milestone
    }
    String what = what(operation);
    if (f.isRateLimited()) {
      Duration wait = f.retryAfter() == null ? RATE_LIMIT_PAUSE : f.retryAfter();
      paused = true;
      pausedUntil = now + wait.toNanos();
      once(
          "rate-limited",
          "Plain rate-limited "
              + what
              + " ("
              + f.describe()
              + "): these extra calls pause for "
              + wait
              + "; reports are delivered as before.");
    } else if (f.isAuthFailure()) {
      forbiddenUntil.put(operation, now + FORBIDDEN_PAUSE.toNanos());
      once(
          "forbidden:" + operation,
          "Plain refused "
              + what
              + " ("
              + f.describe()
              + "): the API key lacks a permission (see docs/api-key.md). Threads are still"
              + " created, without it; tried again in "
              + FORBIDDEN_PAUSE
              + ".");
    } else {
      once(
          "failed:" + operation,
          "Plain failed " + what + " (" + f.describe() + "); skipped, the report is not affected.");
    }
    return null;
  }

  private static String what(String operation) {
    return switch (operation) {
      case "threads" -> "the query for a bug's threads of other customers (threads)";
      case "createThreadLink" -> "a link to the bug's first thread (createThreadLink)";
      default -> "the \"Now seen for N customers\" event (createThreadEvent)";
    };
  }

  private void once(String topic, String message) {
    if (said.add(topic)) {
      status.report(ThrottledStatus.Level.WARN, "bug-reach:" + topic, message);
    }
  }

  private static boolean isAlreadyDone(PlainResponse.Failure f) {
    return f.source() == PlainResponse.Source.MUTATION
        && ("thread_link_already_exists".equals(f.code())
            || ("VALIDATION".equals(f.type())
                && f.fieldErrors().stream().anyMatch(e -> e.startsWith("externalId"))));
  }
}
