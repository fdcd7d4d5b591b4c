package com.example.servlet;

import jakarta.servlet.Filter;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** Embedded Tomcat 11. */
class TomcatSmokeTest extends ServletContainerSmokeTest {
  private Tomcat tomcat;

  @Override
  String startContainer(Filter login) throws Exception {
    tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("tomcat").toString());
    tomcat.setHostname("127.0.0.1");
    tomcat.getConnector().setProperty("address", "127.0.0.1");
    tomcat.setPort(0);
    Context app = tomcat.addContext("", null);
    filter(app, "login", login);
    filter(app, "plainCustomer", new PlainCustomerFilter());
    Tomcat.addServlet(app, "checkout", new CheckoutServlet());
    app.addServletMappingDecoded("/checkout", "checkout");
    tomcat.start();
    return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort();
  }

  private static void filter(Context app, String name, Filter filter) {
    FilterDef def = new FilterDef();
    def.setFilterName(name);
    def.setFilter(filter);
    app.addFilterDef(def);
    FilterMap map = new FilterMap();
    map.setFilterName(name);
    map.addURLPattern("/*");
    app.addFilterMap(map);
  }

  @Override
  void stopContainer() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
