package com.example.errorshop;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.function.Predicate;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** On Tomcat: it logs the root cause at ERROR in StandardWrapperValve, through JUL. */
@EnabledIfSystemProperty(named = "container", matches = "tomcat")
class UnhandledErrorsTomcatTest extends UnhandledErrorsEndToEnd {
  @Override
  String serverInfoPrefix() {
    return "Apache Tomcat/";
  }

  @Override
  Predicate<ILoggingEvent> containerLine() {
    return e ->
        e.getLevel() == Level.ERROR
            && e.getLoggerName().startsWith("org.apache.catalina.core.ContainerBase.[Tomcat]")
            && e.getFormattedMessage()
                .startsWith("Servlet.service() for servlet [dispatcherServlet]");
  }
}
