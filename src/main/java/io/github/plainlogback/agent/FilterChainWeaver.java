package io.github.plainlogback.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Puts {@code FilterChain.doFilter(ServletRequest, ServletResponse)} of the servlet containers' own
 * chain classes inside a {@code catch (Throwable t) { FilterChainHooks.escaped(t, request); throw
 * t; }}: the place where an exception leaves the servlet (or an inner filter) while every filter
 * outside it, the application's MDC filter included, is still on the stack.
 *
 * <p>Only a handler is added: no instruction runs on a request that does not fail, the thrown
 * object is rethrown as it is, and the method's own handlers come first in its exception table. The
 * handler's stack map frame holds {@code this}, the request and the response only; a method that
 * assigns to a parameter is left alone, so that frame is valid at every instruction it covers
 * without recomputing frames against the container's types.
 *
 * <p>Why these classes and not every {@code FilterChain}: they are the chains the containers call
 * the application's filters and servlet with (read in their sources: Tomcat 9 to 11, Jetty 12 ee8
 * to ee11); finding other implementations would mean parsing every class the JVM loads. Wrappers
 * the application or a framework writes (Spring Security's {@code VirtualFilterChain}) end in these
 * calls anyway.
 */
final class FilterChainWeaver implements ClassFileTransformer {
  /** The containers' chain classes (internal names). */
  static final Set<String> CHAINS =
      Set.of(
          // Tomcat 9 (javax), 10.1 and 11 (jakarta): one chain object, doFilter recursive per
          // filter
          "org/apache/catalina/core/ApplicationFilterChain",
          // Jetty 12: one Chain per filter, ChainEnd calls the servlet
          "org/eclipse/jetty/ee10/servlet/ServletHandler$Chain",
          "org/eclipse/jetty/ee10/servlet/ServletHandler$ChainEnd",
          "org/eclipse/jetty/ee11/servlet/ServletHandler$Chain",
          "org/eclipse/jetty/ee11/servlet/ServletHandler$ChainEnd",
          "org/eclipse/jetty/ee9/servlet/ServletHandler$Chain",
          "org/eclipse/jetty/ee9/servlet/ServletHandler$ChainEnd",
          "org/eclipse/jetty/ee8/servlet/ServletHandler$Chain",
          "org/eclipse/jetty/ee8/servlet/ServletHandler$ChainEnd");

  static final String METHOD = "doFilter";
  private static final String HOOKS = Type.getInternalName(FilterChainHooks.class);
  private static final String HOOK_DESCRIPTOR = "(Ljava/lang/Throwable;Ljava/lang/Object;)V";

  @Override
  public byte @Nullable [] transform(
      @Nullable ClassLoader loader,
      @Nullable String className,
      @Nullable Class<?> classBeingRedefined,
      @Nullable ProtectionDomain protectionDomain,
      byte[] classfileBuffer) {
    if (className == null || !CHAINS.contains(className)) {
      return null;
    }
    try {
      if (!seesHooks(loader)) {
        AgentHooks.sayOnce(
            "isolated-chain:" + loader,
            "the servlet container of class loader "
                + loader
                + " cannot reach the agent's classes; its unhandled exceptions are not reported");
        return null;
      }
      return weave(className, classfileBuffer);
    } catch (Throwable t) {
      AgentHooks.failedOnce("instrument " + className.replace('/', '.'), t);
      return null; // the class loads unchanged
    }
  }

  /** The woven handler resolves FilterChainHooks through the container's loader. */
  private static boolean seesHooks(@Nullable ClassLoader loader) {
    try {
      return Class.forName(FilterChainHooks.class.getName(), false, loader)
          == FilterChainHooks.class;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** The woven class, or null if it has no doFilter that can be woven safely. */
  static byte @Nullable [] weave(String className, byte[] classfile) {
    ClassReader reader = new ClassReader(classfile);
    ParameterStores stores = new ParameterStores();
    reader.accept(stores, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    Weaving weaving = new Weaving(writer, className, stores.reassigned);
    reader.accept(weaving, 0);
    if (weaving.woven == 0) {
      AgentHooks.sayOnce(
          "unknown-chain:" + className,
          "this container's "
              + className.replace('/', '.')
              + " has no doFilter the agent can watch; its unhandled exceptions are not reported");
      return null;
    }
    return writer.toByteArray();
  }

  /** The servlet namespace of a doFilter(ServletRequest, ServletResponse), or null. */
  static @Nullable String servletPackage(String descriptor) {
    for (String pkg : new String[] {"jakarta/servlet/", "javax/servlet/"}) {
      if (descriptor.equals("(L" + pkg + "ServletRequest;L" + pkg + "ServletResponse;)V")) {
        return pkg;
      }
    }
    return null;
  }

  private static boolean isWeavable(int access, String name, String descriptor) {
    return name.equals(METHOD)
        && (access & (Opcodes.ACC_STATIC | Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) == 0
        && servletPackage(descriptor) != null;
  }

  /** Finds a doFilter that stores into its request or response parameter (slot 1 or 2). */
  private static final class ParameterStores extends ClassVisitor {
    boolean reassigned;

    ParameterStores() {
      super(Opcodes.ASM9);
    }

    @Override
    public @Nullable MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      if (!isWeavable(access, name, descriptor)) {
        return null;
      }
      return new MethodVisitor(Opcodes.ASM9) {
        @Override
        public void visitVarInsn(int opcode, int varIndex) {
          if (opcode >= Opcodes.ISTORE && opcode <= Opcodes.ASTORE && varIndex <= 2) {
            reassigned = true;
          }
        }

        @Override
        public void visitIincInsn(int varIndex, int increment) {
          if (varIndex <= 2) {
            reassigned = true;
          }
        }
      };
    }
  }

  private static final class Weaving extends ClassVisitor {
    private final String className;
    private final boolean reassigned;
    int woven;

    Weaving(ClassVisitor next, String className, boolean reassigned) {
      super(Opcodes.ASM9, next);
      this.className = className;
      this.reassigned = reassigned;
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
      if (reassigned || !isWeavable(access, name, descriptor)) {
        return mv;
      }
      woven++;
      String pkg = servletPackage(descriptor);
      Object[] locals = {className, pkg + "ServletRequest", pkg + "ServletResponse"};
      return new MethodVisitor(Opcodes.ASM9, mv) {
        private final Label start = new Label();
        private final Label end = new Label();
        private final Label handler = new Label();

        @Override
        public void visitCode() {
          super.visitCode();
          super.visitLabel(start);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
          super.visitLabel(end);
          // Visited after the method's own handlers: last in the table, so theirs match first.
          super.visitTryCatchBlock(start, end, handler, "java/lang/Throwable");
          super.visitLabel(handler);
          super.visitFrame(Opcodes.F_FULL, 3, locals, 1, new Object[] {"java/lang/Throwable"});
          super.visitInsn(Opcodes.DUP);
          super.visitVarInsn(Opcodes.ALOAD, 1);
          super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, "escaped", HOOK_DESCRIPTOR, false);
          super.visitInsn(Opcodes.ATHROW);
          super.visitMaxs(maxStack, maxLocals);
        }
      };
    }
  }
}
