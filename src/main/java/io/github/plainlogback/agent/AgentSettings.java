package io.github.plainlogback.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The agent's settings, named as the appender's XML elements, from (lowest precedence first) {@code
 * PLAIN_*} environment variables, {@code plain.*} system properties and the agent arguments. The
 * API key comes only from {@code PLAIN_API_KEY} or a file ({@code apiKeyFile}): a command line is
 * visible to every user of the machine through {@code ps}.
 */
final class AgentSettings {
  /** Names that are not appender settings, or that the agent owns. */
  static final Set<String> RESERVED = Set.of("apiKey", "apiKeyFile", "name", "context");

  private static final String ENV_PREFIX = "PLAIN_";
  private static final String PROPERTY_PREFIX = "plain.";

  private final Map<String, String> values = new LinkedHashMap<>();
  private final Map<String, String> origins = new LinkedHashMap<>();
  private final List<String> problems = new ArrayList<>();
  private @Nullable String apiKey;

  private AgentSettings() {}

  static AgentSettings parse(
      @Nullable String agentArgs, Map<String, String> env, Properties properties) {
    AgentSettings settings = new AgentSettings();
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(env).entrySet()) {
      String key = e.getKey();
      if (key.startsWith(ENV_PREFIX) && key.length() > ENV_PREFIX.length()) {
        String name = camel(key.substring(ENV_PREFIX.length()));
        if (!name.equals("apiKey")) {
          settings.put(name, e.getValue(), "environment variable " + key);
        }
      }
    }
    for (String key : new java.util.TreeSet<>(properties.stringPropertyNames())) {
      if (key.startsWith(PROPERTY_PREFIX) && key.length() > PROPERTY_PREFIX.length()) {
        settings.put(
            key.substring(PROPERTY_PREFIX.length()), properties.getProperty(key), "-D" + key);
      }
    }
    settings.parseArguments(agentArgs);
    settings.readKey(env.get("PLAIN_API_KEY"));
    return settings;
  }

  /**
   * {@code name=value,name=value}; a part without {@code =} continues the previous value, so a list
   * reads naturally: {@code labelTypeIds=lt_a,lt_b,dryRun=true}.
   */
  private void parseArguments(@Nullable String agentArgs) {
    if (agentArgs == null || agentArgs.isBlank()) {
      return;
    }
    String last = null;
    for (String part : agentArgs.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        last = part.substring(0, eq).trim();
        put(last, part.substring(eq + 1).trim(), "agent argument");
      } else if (last != null && values.containsKey(last)) {
        values.put(last, values.get(last) + "," + part.trim());
      } else if (!part.isBlank()) {
        problems.add("agent argument '" + part.trim() + "' is not name=value; ignored");
      }
    }
  }

  private void put(String name, String value, String origin) {
    if (name.equals("apiKey")) {
      // Never echo the value: it is a secret, and it is already where it should not be.
      problems.add(
          "the API key is not read from "
              + origin
              + " (a command line is visible to everyone through ps): ignored. Set the environment"
              + " variable PLAIN_API_KEY or apiKeyFile=<file holding the key>");
      values.remove(name);
      return;
    }
    values.put(name, value);
    origins.put(name, origin);
  }

  private void readKey(@Nullable String fromEnvironment) {
    String file = values.remove("apiKeyFile");
    origins.remove("apiKeyFile");
    if (file != null && !file.isBlank()) {
      try {
        apiKey = Files.readString(Path.of(file.trim()), StandardCharsets.UTF_8).trim();
      } catch (IOException | RuntimeException e) {
        problems.add("cannot read the API key file " + file.trim() + " (" + e + ")");
      }
    } else if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      apiKey = fromEnvironment.trim();
    }
  }

  /** {@code LABEL_TYPE_IDS} to {@code labelTypeIds}. */
  static String camel(String upperSnake) {
    StringBuilder name = new StringBuilder();
    for (String word : upperSnake.toLowerCase(Locale.ROOT).split("_")) {
      if (word.isEmpty()) {
        continue;
      }
      name.append(
          name.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
    }
    return name.toString();
  }

  Map<String, String> values() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  Map<String, String> origins() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(origins));
  }

  @Nullable String apiKey() {
    return apiKey;
  }

  List<String> problems() {
    return List.copyOf(problems);
  }
}
