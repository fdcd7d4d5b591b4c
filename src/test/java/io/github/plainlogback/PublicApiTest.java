package io.github.plainlogback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Nothing public exposes an internal type: every public or protected member of every public type in
 * the API package (and its nested public types) names only JDK, Logback and API types in its
 * signature, generics included. The internal packages may change in any release; users must never
 * be able to depend on them through the API.
 */
class PublicApiTest {
  private static final String API = "io.github.plainlogback";
  private static final String INTERNAL = API + ".internal.";
  private static final Path CLASSES = Path.of("target/classes/io/github/plainlogback");

  @Test
  void noPublicSignatureNamesAnInternalType() throws Exception {
    List<Class<?>> api = publicApiTypes();
    assertThat(api)
        .as("the API package is found")
        .extracting(Class::getSimpleName)
        .contains("PlainThreadAppender", "PlainAppenderCounters", "ThreadField");
    List<String> leaks = new ArrayList<>();
    for (Class<?> c : api) {
      check(leaks, c.getName() + " extends", c.getGenericSuperclass());
      for (Type t : c.getGenericInterfaces()) {
        check(leaks, c.getName() + " implements", t);
      }
      for (Field f : c.getDeclaredFields()) {
        if (visible(f.getModifiers())) {
          check(leaks, c.getName() + "." + f.getName(), f.getGenericType());
        }
      }
      for (Method m : c.getDeclaredMethods()) {
        if (visible(m.getModifiers()) && !m.isSynthetic()) {
          check(leaks, c.getName() + "." + m.getName() + "() returns", m.getGenericReturnType());
          executable(leaks, c.getName() + "." + m.getName(), m);
        }
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        if (visible(k.getModifiers()) && !k.isSynthetic()) {
          executable(leaks, c.getName() + ".<init>", k);
        }
      }
    }
    assertThat(leaks).as("public signatures naming internal types").isEmpty();
  }

  /** The checker itself can fail: a signature with an internal type is caught, generics too. */
  @Test
  void theCheckSeesInternalTypesInsideGenerics() throws Exception {
    List<String> leaks = new ArrayList<>();
    Method m = Leaky.class.getDeclaredMethod("reports");
    check(leaks, "Leaky.reports", m.getGenericReturnType());
    assertThat(leaks).hasSize(1);
  }

  private interface Leaky {
    List<? extends io.github.plainlogback.internal.report.ErrorReport> reports();
  }

  private static void executable(List<String> leaks, String where, Executable e) {
    for (Type p : e.getGenericParameterTypes()) {
      check(leaks, where + "(parameter)", p);
    }
    for (Type x : e.getGenericExceptionTypes()) {
      check(leaks, where + " throws", x);
    }
  }

  private static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  private static void check(List<String> leaks, String where, Type type) {
    if (type == null) {
      return;
    }
    if (type instanceof Class<?> c) {
      Class<?> element = c;
      while (element.isArray()) {
        element = element.getComponentType();
      }
      if (element.getName().startsWith(INTERNAL)) {
        leaks.add(where + ": " + element.getName());
      }
    } else if (type instanceof ParameterizedType p) {
      check(leaks, where, p.getRawType());
      for (Type a : p.getActualTypeArguments()) {
        check(leaks, where, a);
      }
    } else if (type instanceof WildcardType w) {
      Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds()))
          .forEach(b -> check(leaks, where, b));
    } else if (type instanceof GenericArrayType g) {
      check(leaks, where, g.getGenericComponentType());
    } else if (type instanceof TypeVariable<?> v) {
      for (Type b : v.getBounds()) {
        check(leaks, where, b);
      }
    }
  }

  /** Public top-level types of the API package and their public nested types, from the build. */
  private static List<Class<?>> publicApiTypes() throws IOException, ClassNotFoundException {
    List<Class<?>> types = new ArrayList<>();
    try (Stream<Path> files = Files.list(CLASSES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
        String simple = f.getFileName().toString().replace(".class", "");
        Class<?> c = Class.forName(API + "." + simple.replace('/', '.'), false, loader());
        if (Modifier.isPublic(c.getModifiers()) && isPubliclyReachable(c)) {
          types.add(c);
        }
      }
    }
    return types;
  }

  private static boolean isPubliclyReachable(Class<?> c) {
    for (Class<?> o = c; o != null; o = o.getDeclaringClass()) {
      if (!Modifier.isPublic(o.getModifiers())) {
        return false;
      }
    }
    return !c.isAnonymousClass() && !c.isLocalClass() && !c.isSynthetic();
  }

  private static ClassLoader loader() {
    return PublicApiTest.class.getClassLoader();
  }
}
