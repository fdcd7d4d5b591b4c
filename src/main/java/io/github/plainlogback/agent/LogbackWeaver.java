package io.github.plainlogback.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import org.jspecify.annotations.Nullable;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Adds one static call to {@link AgentHooks} in four Logback methods, and nothing else: {@code
 * Logger.callAppenders} (on entry), {@code Logger.addAppender}, {@code LoggerContext.reset} and
 * {@code LoggerContext.stop} (before they return).
 *
 * <p>Why instrumentation and not a LoggerContextListener: Spring Boot's {@code
 * LogbackLoggingSystem} stops and resets the context at start-up and on refresh, and its {@code
 * stop()}/clean-up removes every listener, reset-resistant ones included, so a listener is gone
 * after the first refresh. A call inside {@code Logger.callAppenders} cannot be removed by any
 * configuration: the first event after any (re)configuration, whoever ran it (Spring Boot, {@code
 * scan="true"}, a programmatic {@code JoranConfigurator}, {@code BasicConfigurator}), finds the
 * context out of order and puts the appender back. Its cost on the logging path is a volatile read
 * and a compare.
 *
 * <p>Why ASM and not Byte Buddy's {@code AgentBuilder}/{@code Advice}: Byte Buddy loaded about
 * 1,200 classes at start-up and cost over a second of CPU per JVM start (measured, see
 * docs/agent.md) to produce the same four calls. The inserted code has no branch and no local, so
 * the methods' stack map frames stay valid as they are and nothing has to be computed against
 * Logback's types.
 */
final class LogbackWeaver implements ClassFileTransformer {
  static final String LOGGER = "ch/qos/logback/classic/Logger";
  static final String CONTEXT = "ch/qos/logback/classic/LoggerContext";
  private static final String HOOKS = "io/github/plainlogback/agent/AgentHooks";
  private static final String CONTEXT_FIELD = "loggerContext";
  private static final String CONTEXT_TYPE = "L" + CONTEXT + ";";

  @Override
  public byte @Nullable [] transform(
      @Nullable ClassLoader loader,
      @Nullable String className,
      @Nullable Class<?> classBeingRedefined,
      @Nullable ProtectionDomain protectionDomain,
      byte[] classfileBuffer) {
    if (className == null || (!LOGGER.equals(className) && !CONTEXT.equals(className))) {
      return null;
    }
    try {
      if (!seesAgentHooks(loader)) {
        AgentHooks.sayOnce(
            "isolated:" + loader,
            "the Logback of class loader "
                + loader
                + " cannot reach the agent's classes; it is left alone");
        return null;
      }
      return weave(className, classfileBuffer);
    } catch (Throwable t) {
      AgentHooks.failedOnce("instrument " + className.replace('/', '.'), t);
      return null; // the class loads unchanged
    }
  }

  /**
   * The woven calls resolve AgentHooks through Logback's own loader: it must find the system
   * loader's copy, or every logging call would fail to link.
   */
  private static boolean seesAgentHooks(@Nullable ClassLoader loader) {
    try {
      return Class.forName(AgentHooks.class.getName(), false, loader) == AgentHooks.class;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  static byte @Nullable [] weave(String className, byte[] classfile) {
    ClassReader reader = new ClassReader(classfile);
    // Unchanged methods are copied as they are; the changed ones only need their max stack again.
    ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
    Weaving weaving = new Weaving(writer, className);
    reader.accept(weaving, 0);
    if (weaving.woven == 0) {
      AgentHooks.sayOnce(
          "unknown-logback:" + className,
          "this Logback's "
              + className.replace('/', '.')
              + " has none of the expected methods;"
              + " the agent attaches nothing there");
      return null;
    }
    return writer.toByteArray();
  }

  private static final class Weaving extends ClassVisitor {
    private final String className;
    private boolean hasContextField;
    int woven;

    Weaving(ClassVisitor next, String className) {
      super(Opcodes.ASM9, next);
      this.className = className;
    }

    @Override
    public FieldVisitor visitField(
        int access, String name, String descriptor, String signature, Object value) {
      // Fields come before methods in a class file: checked before callAppenders reads it.
      if (name.equals(CONTEXT_FIELD) && descriptor.equals(CONTEXT_TYPE)) {
        hasContextField = true;
      }
      return super.visitField(access, name, descriptor, signature, value);
    }

    @Override
    public MethodVisitor visitMethod(
        int access, String name, String descriptor, String signature, String[] exceptions) {
      MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
      if ((access & Opcodes.ACC_STATIC) != 0) {
        return mv;
      }
      if (className.equals(LOGGER)) {
        if (name.equals("callAppenders")
            && descriptor.equals("(Lch/qos/logback/classic/spi/ILoggingEvent;)V")
            && hasContextField) {
          woven++;
          return new MethodVisitor(Opcodes.ASM9, mv) {
            @Override
            public void visitCode() {
              super.visitCode();
              super.visitVarInsn(Opcodes.ALOAD, 0);
              super.visitFieldInsn(Opcodes.GETFIELD, LOGGER, CONTEXT_FIELD, CONTEXT_TYPE);
              super.visitMethodInsn(
                  Opcodes.INVOKESTATIC, HOOKS, "onCallAppenders", "(Ljava/lang/Object;)V", false);
            }
          };
        }
        if (name.equals("addAppender") && descriptor.equals("(Lch/qos/logback/core/Appender;)V")) {
          woven++;
          return beforeReturn(mv, 1, "appenderAdded", "(Ljava/lang/Object;)V");
        }
      } else if (name.equals("reset") && descriptor.equals("()V")) {
        woven++;
        return beforeReturn(mv, -1, "afterReset", "()V");
      } else if (name.equals("stop") && descriptor.equals("()V")) {
        woven++;
        return beforeReturn(mv, 0, "afterStop", "(Ljava/lang/Object;)V");
      }
      return mv;
    }

    /** Calls the hook with local {@code argument} (or nothing, if negative) before each return. */
    private static MethodVisitor beforeReturn(
        MethodVisitor mv, int argument, String hook, String descriptor) {
      return new MethodVisitor(Opcodes.ASM9, mv) {
        @Override
        public void visitInsn(int opcode) {
          if (opcode == Opcodes.RETURN) {
            if (argument >= 0) {
              super.visitVarInsn(Opcodes.ALOAD, argument);
            }
            super.visitMethodInsn(Opcodes.INVOKESTATIC, HOOKS, hook, descriptor, false);
          }
          super.visitInsn(opcode);
        }
      };
    }
  }
}
