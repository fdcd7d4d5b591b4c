package io.github.plainlogback.internal.logback;

import io.github.plainlogback.internal.report.ServiceIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The service's name and version when the settings do not give them: the {@code
 * Implementation-Title} and {@code Implementation-Version} of the main jar's manifest (the jar of
 * {@code java -jar}, which for a Spring Boot fat jar the Boot plugin fills from the project). Read
 * once, at start, never on the logging path.
 */
final class ServiceDetection {
  private ServiceDetection() {}

  /** From the settings, else from the main jar's manifest. */
  static ServiceIdentity identity(ServiceIdentity configured) {
    if (configured.service() != null && configured.version() != null) {
      return configured;
    }
    return configured.orElse(fromCommand(System.getProperty("sun.java.command")));
  }

  /**
   * The identity in the manifest of the jar a {@code sun.java.command} line starts ({@code app.jar
   * --args}); unknown for a main class or a jar without these attributes.
   */
  static ServiceIdentity fromCommand(String command) {
    if (command == null || command.isBlank()) {
      return ServiceIdentity.UNKNOWN;
    }
    String first = command.strip().split("\\s+", 2)[0];
    if (!first.endsWith(".jar")) {
      return ServiceIdentity.UNKNOWN;
    }
    return fromJar(Path.of(first));
  }

  static ServiceIdentity fromJar(Path jar) {
    if (!Files.isRegularFile(jar)) {
      return ServiceIdentity.UNKNOWN;
    }
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      Manifest manifest = file.getManifest();
      if (manifest == null) {
        return ServiceIdentity.UNKNOWN;
      }
      Attributes main = manifest.getMainAttributes();
      return new ServiceIdentity(
          main.getValue(Attributes.Name.IMPLEMENTATION_TITLE),
          main.getValue(Attributes.Name.IMPLEMENTATION_VERSION),
          null);
    } catch (IOException | SecurityException e) {
      return ServiceIdentity.UNKNOWN; // detection is a convenience: the settings still work
    }
  }
}
