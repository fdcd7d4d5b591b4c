package it.webapp;

/** The mappings both containers' mains use (and web.xml spells out for the WAR). */
public final class Routes {
  public static final String[] ORDERS = {"/orders/*", "/handled/*", "/log", "/pay"};
  public static final String CONFLICT = "/handled/*";

  private Routes() {}
}
