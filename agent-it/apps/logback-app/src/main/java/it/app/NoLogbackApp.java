package it.app;

/** An application without Logback (and without SLF4J): started with target/classes only. */
public final class NoLogbackApp {
  public static void main(String[] args) {
    java.util.logging.Logger.getLogger("it.app").severe("an error nobody turns into a thread");
    System.out.println("started");
  }
}
