package io.github.plainlogback.agent;

import java.net.URL;
import java.net.URLClassLoader;

/**
 * Loads the agent jar's own classes (the appender, the attacher and the relocated libraries, all
 * under {@code io.github.plainlogback}) child-first, and everything else (Logback, SLF4J, the JDK)
 * from the parent: the loader of the application's Logback. Only {@link AgentHooks} is shared with
 * the system loader, as it holds the JVM-wide state.
 */
final class AgentJarLoader extends URLClassLoader {
  static {
    registerAsParallelCapable();
  }

  AgentJarLoader(Class<?> fromAgentJar, ClassLoader parent) {
    super(new URL[] {fromAgentJar.getProtectionDomain().getCodeSource().getLocation()}, parent);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!name.startsWith("io.github.plainlogback.") || name.equals(AgentHooks.class.getName())) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = findClass(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  @Override
  public URL getResource(String name) {
    // Relocated libraries read their resources next to their classes: the agent jar's copy first.
    if (name.startsWith("io/github/plainlogback/")) {
      URL own = findResource(name);
      if (own != null) {
        return own;
      }
    }
    return super.getResource(name);
  }
}
