package io.github.plainlogback.test.inbox;

import io.github.plainlogback.test.PlainBehaviour;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local inbox's HTML: the threads newest first, each as Plain shows it. No framework, no
 * external assets.
 */
final class InboxPage {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final Pattern BOLD = Pattern.compile("\\*\\*(.+?)\\*\\*");
  private static final Pattern ITALIC =
      Pattern.compile("(?<![\\w*])[*_](?![\\s*_])(.+?)(?<![\\s*_])[*_](?![\\w*])");
  private static final Pattern LINK = Pattern.compile("\\[([^\\]]+)\\]\\((https?://[^)\\s]+)\\)");
  private static final String[] PRIORITY = {"Urgent", "High", "Normal", "Low"};

  private InboxPage() {}

  static String page(
      List<PlainBehaviour.ReceivedThread> threads, List<LocalPlain.Refused> refused) {
    return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Local Plain inbox</title>
        <style>
          body { font: 14px/1.45 system-ui, sans-serif; margin: 0; background: #f6f6f4; color: #1c1c1c; }
          header { background: #1c1c1c; color: #fff; padding: 12px 24px; }
          header small { color: #aaa; margin-left: 12px; }
          main { max-width: 980px; margin: 16px auto; padding: 0 16px; }
          article { background: #fff; border: 1px solid #ddd; border-radius: 8px; margin-bottom: 16px; padding: 16px 20px; }
          h2 { font-size: 17px; margin: 0 0 6px; }
          .meta { color: #555; font-size: 13px; margin-bottom: 10px; }
          .tag { display: inline-block; background: #eef; border-radius: 4px; padding: 0 6px; margin-right: 4px; }
          .text { margin: 10px 0; white-space: pre-wrap; }
          pre.plain { background: #fafafa; border: 1px solid #eee; padding: 8px; white-space: pre-wrap; overflow-x: auto; font: 12px/1.4 ui-monospace, monospace; }
          hr { border: 0; border-top: 1px solid #ddd; margin: 12px 0; }
          .event { border-left: 3px solid #c9c; padding-left: 10px; margin: 8px 0; }
          .empty { color: #777; text-align: center; margin-top: 40px; }
          article.refused { border-color: #d33; }
          article.refused h2 { color: #b00; }
        </style></head>
        <body><header><strong>Local Plain inbox</strong><small>what support would see; refreshes by itself</small></header>
        <main id="threads">%s</main>
        <script>
          let last = document.getElementById('threads').innerHTML;
          setInterval(async () => {
            try {
              const html = await (await fetch('/threads', {cache: 'no-store'})).text();
              if (html !== last) { document.getElementById('threads').innerHTML = html; last = html; }
            } catch (e) { /* the app may be restarting */ }
          }, 1000);
        </script>
        </body></html>
        """
        .formatted(threadList(threads, refused));
  }

  static String threadList(
      List<PlainBehaviour.ReceivedThread> threads, List<LocalPlain.Refused> refused) {
    if (threads.isEmpty() && refused.isEmpty()) {
      return "<p class=\"empty\">No threads yet. Errors your customers hit will appear here.</p>";
    }
    StringBuilder s = new StringBuilder();
    List<LocalPlain.Refused> refusedNewestFirst = new ArrayList<>(refused);
    java.util.Collections.reverse(refusedNewestFirst);
    for (LocalPlain.Refused r : refusedNewestFirst) {
      s.append("<article class=\"refused\"><h2>Refused by Plain's schema: ")
          .append(esc(r.operation()))
          .append("</h2><div class=\"meta\">")
          .append(TIME.format(r.at()))
          .append(" · Plain would answer with errors and do nothing</div><ul>");
      for (String p : r.problems()) {
        s.append("<li class=\"problem\">").append(esc(p)).append("</li>");
      }
      s.append("</ul><details><summary>Raw request</summary><pre class=\"plain\">")
          .append(esc(r.rawRequest()))
          .append("</pre></details></article>");
    }
    List<PlainBehaviour.ReceivedThread> newestFirst = new ArrayList<>(threads);
    java.util.Collections.reverse(newestFirst);
    for (PlainBehaviour.ReceivedThread t : newestFirst) {
      s.append("<article class=\"thread\" id=\"").append(esc(t.id)).append("\">");
      s.append("<h2 class=\"title\">").append(esc(t.title)).append("</h2>");
      s.append("<div class=\"meta\"><span class=\"customer\">")
          .append(esc(t.customerName))
          .append(" &lt;")
          .append(esc(t.customerEmail))
          .append("&gt;</span> · ")
          .append(esc(t.ref))
          .append(" · ")
          .append(esc(t.status()))
          .append(" · priority ")
          .append(t.priority == null ? "Normal" : PRIORITY[Math.max(0, Math.min(3, t.priority))])
          .append(" · ")
          .append(TIME.format(t.createdAt));
      for (String label : t.labelTypeIds) {
        s.append(" <span class=\"tag\">").append(esc(label)).append("</span>");
      }
      for (Map<String, Object> f : t.threadFields) {
        s.append(" <span class=\"tag\">")
            .append(esc(String.valueOf(f.get("key"))))
            .append(": ")
            .append(esc(PlainBehaviour.fieldValue(f)))
            .append("</span>");
      }
      for (String id : t.relatedTo) {
        threads.stream()
            .filter(other -> other.id.equals(id))
            .findFirst()
            .ifPresent(
                other ->
                    s.append(" <span class=\"tag\">related to ")
                        .append(esc(other.ref))
                        .append("</span>"));
      }
      s.append("</div>");
      components(s, t.components);
      for (PlainBehaviour.ReceivedEvent e : t.events) {
        s.append("<div class=\"event\"><strong>")
            .append(esc(e.title()))
            .append("</strong> <small>")
            .append(TIME.format(e.at()))
            .append("</small>");
        components(s, e.components());
        s.append("</div>");
      }
      s.append("<details><summary>Raw request</summary><pre class=\"plain\">")
          .append(esc(t.rawRequest))
          .append("</pre></details></article>");
    }
    return s.toString();
  }

  private static void components(StringBuilder s, List<PlainBehaviour.Component> components) {
    for (PlainBehaviour.Component c : components) {
      switch (c.kind()) {
        case "text" -> s.append("<div class=\"text\">").append(markdown(c.text())).append("</div>");
        case "plainText" ->
            s.append("<pre class=\"plain\">").append(esc(c.text())).append("</pre>");
        case "divider" -> s.append("<hr>");
        default -> s.append("<div class=\"meta\">[").append(esc(c.kind())).append("]</div>");
      }
    }
  }

  /**
   * Plain's subset: **bold**, *italic* / _italic_, [links](https://…); backslash escapes keep
   * characters literal.
   */
  static String markdown(String text) {
    // Escaped characters become private-use placeholders, so the patterns below never see them.
    StringBuilder unescaped = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length() && "\\*_[]()`".indexOf(text.charAt(i + 1)) >= 0) {
        unescaped.append((char) (0xE000 + text.charAt(++i)));
      } else {
        unescaped.append(c);
      }
    }
    String html = esc(unescaped.toString());
    html = replace(LINK, html, m -> "<a href=\"" + m.group(2) + "\">" + m.group(1) + "</a>");
    html = replace(BOLD, html, m -> "<strong>" + m.group(1) + "</strong>");
    html = replace(ITALIC, html, m -> "<em>" + m.group(1) + "</em>");
    StringBuilder out = new StringBuilder(html.length());
    for (int i = 0; i < html.length(); i++) {
      char c = html.charAt(i);
      out.append(
          c >= 0xE000 && c < 0xE080 ? esc(String.valueOf((char) (c - 0xE000))) : String.valueOf(c));
    }
    return out.toString();
  }

  private static String replace(
      Pattern p, String text, java.util.function.Function<Matcher, String> f) {
    Matcher m = p.matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, Matcher.quoteReplacement(f.apply(m)));
    }
    m.appendTail(b);
    return b.toString();
  }

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
