package io.github.plainlogback.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The handler woven into a FilterChain's doFilter, on chains shaped as the containers' are, in a
 * class loader of their own (so the JVM verifies the woven code): the same exception leaves it, the
 * method's own handlers still come first, a request that does not fail runs as before, and a
 * doFilter that assigns to its parameters is left alone. (With -javaagent on real Tomcat and Jetty:
 * agent-it's AgentUnhandledExceptionTest.)
 */
public class FilterChainWeaverTest {
  /** What the test chains do, set per test (the woven copies are in another loader). */
  public static final List<String> CALLS = new ArrayList<>();

  public static RuntimeException toThrow;

  /** As Tomcat's ApplicationFilterChain: its own catch rethrows, a finally runs. */
  public static final class TomcatLike implements FilterChain {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response)
        throws IOException, ServletException {
      try {
        service();
      } catch (IOException | ServletException | RuntimeException e) {
        throw e;
      } catch (Throwable t) {
        throw new ServletException("wrapped", t);
      } finally {
        CALLS.add("finally");
      }
    }

    private static void service() throws IOException, ServletException {
      CALLS.add("service");
      if (toThrow != null) {
        throw toThrow;
      }
    }
  }

  /** A chain whose own handler takes care of the exception: nothing leaves it. */
  public static final class Handling implements FilterChain {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response) {
      try {
        throw new IllegalStateException("handled here");
      } catch (IllegalStateException e) {
        CALLS.add("handled");
      }
    }
  }

  /** Assigns to its request parameter: the handler's frame would not hold, so it is not woven. */
  public static final class Reassigning implements FilterChain {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response) {
      request = null;
      CALLS.add(String.valueOf(request));
    }
  }

  private static FilterChain woven(Class<? extends FilterChain> type) throws Exception {
    String internal = type.getName().replace('.', '/');
    byte[] original;
    try (InputStream in = type.getResourceAsStream("/" + internal + ".class")) {
      original = in.readAllBytes();
    }
    byte[] woven = FilterChainWeaver.weave(internal, original);
    assertThat(woven).as("woven").isNotNull();
    ClassLoader loader =
        new ClassLoader(FilterChainWeaverTest.class.getClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.equals(type.getName())) {
              synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : defineClass(name, woven, 0, woven.length);
              }
            }
            return super.loadClass(name, resolve);
          }
        };
    Class<?> loaded = Class.forName(type.getName(), true, loader);
    assertThat(loaded).isNotSameAs(type);
    return (FilterChain) loaded.getConstructor().newInstance();
  }

  @Test
  void theSameExceptionLeavesTheWovenChainAfterItsOwnHandlersAndFinallyRan() throws Exception {
    FilterChain chain = woven(TomcatLike.class);
    CALLS.clear();
    toThrow = new IllegalStateException("from the servlet");
    try {
      assertThatThrownBy(() -> chain.doFilter(null, null)).isSameAs(toThrow);
      assertThat(CALLS).containsExactly("service", "finally");
    } finally {
      toThrow = null;
    }
  }

  @Test
  void aRequestThatDoesNotFailRunsAsBefore() throws Exception {
    FilterChain chain = woven(TomcatLike.class);
    CALLS.clear();
    chain.doFilter(null, null);
    assertThat(CALLS).containsExactly("service", "finally");
  }

  @Test
  void theMethodsOwnHandlerStillHandlesItsException() throws Exception {
    FilterChain chain = woven(Handling.class);
    CALLS.clear();
    chain.doFilter(null, null);
    assertThat(CALLS).containsExactly("handled");
  }

  @Test
  void aDoFilterThatAssignsItsParametersIsLeftAlone() throws Exception {
    String internal = Reassigning.class.getName().replace('.', '/');
    byte[] original;
    try (InputStream in = Reassigning.class.getResourceAsStream("/" + internal + ".class")) {
      original = in.readAllBytes();
    }
    assertThat(FilterChainWeaver.weave(internal, original)).isNull();
  }

  @Test
  void onlyTheContainersChainClassesAreTransformed() {
    FilterChainWeaver weaver = new FilterChainWeaver();
    assertThat(
            weaver.transform(
                getClass().getClassLoader(),
                TomcatLike.class.getName().replace('.', '/'),
                null,
                null,
                new byte[0]))
        .isNull();
    assertThat(FilterChainWeaver.CHAINS)
        .contains(
            "org/apache/catalina/core/ApplicationFilterChain",
            "org/eclipse/jetty/ee10/servlet/ServletHandler$Chain",
            "org/eclipse/jetty/ee10/servlet/ServletHandler$ChainEnd");
  }
}
