package io.github.plainlogback.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback server that accepts connections and never answers: Plain, stalled. */
final class StalledPlain implements AutoCloseable {
  private final ServerSocket server;
  private final List<Socket> held = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  StalledPlain() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  held.add(server.accept()); // read nothing, answer nothing
                } catch (IOException e) {
                  return;
                }
              }
            },
            "stalled-plain");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String graphqlUrl() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/graphql/v1";
  }

  int port() {
    return server.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : held) {
      s.close();
    }
  }
}
