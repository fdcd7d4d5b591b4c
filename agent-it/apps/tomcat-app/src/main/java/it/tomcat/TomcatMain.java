package it.tomcat;

import it.webapp.ConflictFilter;
import it.webapp.CustomerFilter;
import it.webapp.OrdersServlet;
import it.webapp.PassThroughFilter;
import it.webapp.Routes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/**
 * An embedded Tomcat on a free loopback port, which it prints as "listening PORT". Without
 * arguments it serves ../webapp from the class path; with {@code war DIR} it deploys the exploded
 * web application DIR (its WEB-INF/web.xml, classes and lib) in a web application class loader.
 */
public final class TomcatMain {
  public static void main(String[] args) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat-app").toString());
    Connector connector = new Connector();
    connector.setPort(0);
    connector.setProperty("address", "127.0.0.1");
    tomcat.setConnector(connector);
    if (args.length == 2 && args[0].equals("war")) {
      tomcat.setAddDefaultWebXmlToWebapp(false); // no JSP servlet: Jasper is not here
      tomcat.addWebapp("", Path.of(args[1]).toAbsolutePath().toString());
    } else {
      Context app = tomcat.addContext("", null);
      filter(app, "customer", new CustomerFilter(), "/*");
      filter(app, "passThrough", new PassThroughFilter(), "/*");
      filter(app, "conflict", new ConflictFilter(), Routes.CONFLICT);
      Tomcat.addServlet(app, "orders", new OrdersServlet());
      for (String route : Routes.ORDERS) {
        app.addServletMappingDecoded(route, "orders");
      }
    }
    tomcat.start();
    System.out.println("listening " + connector.getLocalPort());
    System.err.println("started"); // every start-up line on stderr is before this one
    tomcat.getServer().await();
  }

  private static void filter(Context app, String name, jakarta.servlet.Filter filter, String url) {
    FilterDef def = new FilterDef();
    def.setFilterName(name);
    def.setFilter(filter);
    app.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName(name);
    map.addURLPatternDecoded(url);
    app.addFilterMap(map);
  }
}
