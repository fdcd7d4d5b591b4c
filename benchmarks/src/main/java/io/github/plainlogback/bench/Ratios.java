package io.github.plainlogback.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns JMH's JSON results into the table of RESULTS.md: each case against its baseline from the
 * same run.
 */
public final class Ratios {
  private record Case(String label, String subject, String baseline, String target) {}

  private static final List<Case> CASES =
      List.of(
          new Case(
              "info", "info_plain", "info_baseline", "ratio ≤ 1.15 (breadcrumbs on), 0 extra B/op"),
          new Case(
              "info, breadcrumbs off", "info_plainBreadcrumbsOff", "info_baseline", "(reference)"),
          new Case(
              "info with breadcrumbs on", "info_plain", "info_plainBreadcrumbsOff", "ratio ≤ 1.10"),
          new Case(
              "floor: MDC read + thread-local store",
              "info_floor",
              "info_baseline",
              "(what any trail costs)"),
          new Case(
              "floor, half: MDC read only",
              "info_floorMdcRead",
              "info_baseline",
              "(what any per-customer rule costs)"),
          new Case(
              "floor, half: thread-local store only",
              "info_floorThreadLocalStore",
              "info_baseline",
              "(what any per-thread ring costs)"),
          new Case(
              "error, no email",
              "errorNoEmail_plain",
              "errorNoEmail_baseline",
              "ratio ≤ 1.05, 0 extra B/op"),
          new Case(
              "error, duplicate (40 frames)",
              "errorDuplicate_plain",
              "errorDuplicate_baseline",
              "ratio ≤ 2.0, ≤ 300 extra B/op"),
          new Case(
              "error, duplicate, a new exception each time",
              "errorDuplicateFresh_plain",
              "errorDuplicateFresh_baseline",
              "(reference: the frame walk a new instance pays)"),
          new Case(
              "error, unique, Plain stalled",
              "errorUnique_plain",
              "errorUnique_baseline",
              "ratio ≤ 2.0"),
          new Case(
              "Sentry side by side: duplicate",
              "errorDuplicate_plain",
              "errorDuplicate_sentry",
              "Sentry ≥ 10× slower (≤ 0.1)"),
          new Case(
              "Sentry side by side: duplicate, new exception",
              "errorDuplicateFresh_plain",
              "errorDuplicateFresh_sentry",
              "(reference)"),
          new Case(
              "Sentry side by side: unique",
              "errorUnique_plain",
              "errorUnique_sentry",
              "Sentry ≥ 10× slower (≤ 0.1)"));

  private record Result(double score, double error, Double p999, Double alloc) {}

  public static void main(String[] args) throws IOException {
    JsonNode root =
        new ObjectMapper()
            .readTree(Path.of(args.length > 0 ? args[0] : "target/jmh.json").toFile());
    Map<String, Result> results = new HashMap<>();
    for (JsonNode r : root) {
      String name = r.path("benchmark").asText();
      name = name.substring(name.lastIndexOf('.') + 1);
      JsonNode primary = r.path("primaryMetric");
      JsonNode p999 = primary.path("scorePercentiles").path("99.9");
      JsonNode alloc = r.path("secondaryMetrics").path("gc.alloc.rate.norm").path("score");
      results.put(
          name,
          new Result(
              primary.path("score").asDouble(),
              primary.path("scoreError").asDouble(Double.NaN),
              p999.isMissingNode() ? null : p999.asDouble(),
              alloc.isMissingNode() ? null : alloc.asDouble()));
    }
    StringBuilder out = new StringBuilder();
    out.append(
        "| case | subject ns/op | baseline ns/op | ratio | added ns | subject B/op | baseline B/op | p99.9 subject / baseline | target |\n");
    out.append("|---|---|---|---|---|---|---|---|---|\n");
    for (Case c : CASES) {
      Result s = results.get(c.subject());
      Result b = results.get(c.baseline());
      if (s == null || b == null) {
        continue;
      }
      String p999 =
          s.p999() == null || b.p999() == null
              ? ""
              : String.format("%,.0f / %,.0f (%.2f×)", s.p999(), b.p999(), s.p999() / b.p999());
      out.append(
          String.format(
              "| %s | %,.1f ± %s | %,.1f ± %s | %.3f | %,.0f | %s | %s | %s | %s |%n",
              c.label(),
              s.score(),
              err(s.error()),
              b.score(),
              err(b.error()),
              s.score() / b.score(),
              s.score() - b.score(),
              bytes(s.alloc()),
              bytes(b.alloc()),
              p999,
              c.target()));
    }
    System.out.print(out);
    if (args.length > 1) {
      Files.writeString(Path.of(args[1]), out.toString());
    }
  }

  private static String err(double e) {
    return Double.isNaN(e) ? "n/a" : String.format("%,.1f", e);
  }

  private static String bytes(Double b) {
    return b == null ? "n/a" : String.format("%,.0f", b);
  }

  private Ratios() {}
}
