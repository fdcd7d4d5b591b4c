package io.github.plainlogback.internal.spool;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Another process delivering a spool file: locks it, says so, and holds it until stdin closes. */
public final class SpoolLockHolder {
  public static void main(String[] args) throws Exception {
    try (FileChannel channel =
            FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold the lock until the parent lets go
      }
    }
  }
}
