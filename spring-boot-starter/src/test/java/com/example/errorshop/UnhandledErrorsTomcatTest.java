package com.example.errorshop;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.function.Predicate;

/** On Tomcat: it logs the root cause at ERROR in StandardWrapperValve, through JUL. */
class UnhandledErrorsTomcatTest extends UnhandledErrorsEndToEnd {
  @Override
  String serverInfoPrefix() {
    return "Apache Tomcat/";
  }

  @Override
  String container() {
    return "tomcat";
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
