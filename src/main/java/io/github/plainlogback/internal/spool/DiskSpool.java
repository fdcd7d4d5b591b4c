package io.github.plainlogback.internal.spool;

import io.github.plainlogback.internal.report.EmailAddresses;
import io.github.plainlogback.internal.report.ErrorReport;
import io.github.plainlogback.internal.status.ThrottledStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A directory of undelivered reports, one file each, that several processes may share.
 *
 * <ul>
 *   <li>A file is written under a temporary name and renamed into place ({@code ATOMIC_MOVE}), so a
 *       reader sees a whole report or none; a temporary file left by a crash is set aside after
 *       {@link #STALE_TEMP}.
 *   <li>Names start with the report's time, zero-padded, so name order is age order: the oldest is
 *       delivered (or dropped, when the spool is full) first.
 *   <li>A process delivers a file only while it holds an exclusive {@link FileLock} on it, and
 *       deletes it before letting go; a process that gets the lock later sees the file is gone. So
 *       each report is delivered by exactly one process.
 *   <li>A file that cannot be read (truncated, garbage, a newer format) is renamed to {@code
 *       *.bad}, with a warning, and never stops the others.
 * </ul>
 *
 * <p>Thread-safe (its methods are synchronized); the delivery worker is its main user, {@code
 * stop()} the other.
 */
public final class DiskSpool {
  static final String SUFFIX = ".json";
  static final String TEMP_SUFFIX = ".tmp";
  static final String BAD_SUFFIX = ".bad";

  /** A temporary file older than this was left by a process that died while writing it. */
  static final Duration STALE_TEMP = Duration.ofMinutes(1);

  /** A spool file larger than this is not read into memory: it cannot be ours. */
  private static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rwx------");

  /**
   * Files claimed by any spool of this JVM. Checked before a file is opened at all: on POSIX,
   * closing any descriptor of a file drops every lock the process holds on it, so a second appender
   * of the same JVM must not even open a file the first one is delivering.
   */
  private static final Set<Path> CLAIMED_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

  private final Path dir;
  private final long maxBytes;
  private final SpoolFormat format;
  private final ThrottledStatus status;
  private final Runnable onDropped;
  private final String instance = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
  private final AtomicLong sequence = new AtomicLong();
  private volatile long bytes;

  /**
   * @param onDropped called once for each report dropped (spool full, unreadable file)
   */
  public DiskSpool(
      Path dir, long maxBytes, SpoolFormat format, ThrottledStatus status, Runnable onDropped) {
    this.dir = dir.toAbsolutePath().normalize();
    this.maxBytes = maxBytes;
    this.format = format;
    this.status = status;
    this.onDropped = onDropped;
  }

  /**
   * Creates {@code dir} if needed (owner-only where the file system has POSIX permissions) and
   * checks it is usable and private.
   *
   * @return what is wrong with it, to complete "&lt;spoolDirectory&gt; [dir] ...", or null
   */
  public static @Nullable String prepare(Path dir) {
    try {
      boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
      if (!Files.exists(dir)) {
        if (posix) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
          Files.createDirectories(dir);
        }
      }
      if (!Files.isDirectory(dir)) {
        return "is not a directory.";
      }
      if (posix) {
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
        if (perms.contains(PosixFilePermission.OTHERS_WRITE)) {
          return "is writable by every user ("
              + PosixFilePermissions.toString(perms)
              + "): spooled reports hold customer data and must be private to the application's"
              + " user. Use a directory of its own, e.g. created with mode 700.";
        }
      }
      if (!Files.isWritable(dir)) {
        return "is not writable by this process.";
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return "cannot be created or read: " + e;
    }
  }

  public Path directory() {
    return dir;
  }

  /** The size of the reports in the directory (all processes'), as last measured. */
  public long bytes() {
    return bytes;
  }

  /**
   * Measures the directory again and sets aside temporary files that a crash left behind.
   *
   * @return the number of reports waiting
   */
  public synchronized int rescan() {
    long now = System.currentTimeMillis();
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "*" + TEMP_SUFFIX)) {
      for (Path temp : temps) {
        FileTime modified = modifiedOrNull(temp);
        if (modified != null && now - modified.toMillis() > STALE_TEMP.toMillis()) {
          setAside(temp, "a write that never finished (the process stopped while writing it)");
        }
      }
    } catch (IOException e) {
      status.warn("spool-io", "Could not read the spool directory " + dir + ": " + e);
    }
    return measure().size();
  }

  /**
   * Stores a report (already redacted) for later delivery, making room by dropping the oldest
   * reports when the spool would exceed its size.
   *
   * @return false when it could not be stored (dropped and counted, or an I/O error, reported)
   */
  public synchronized boolean write(ErrorReport report, boolean mayHaveReachedPlain) {
    byte[] data;
    try {
      data = format.write(report, mayHaveReachedPlain);
    } catch (IOException e) {
      status.warn("spool-io", "Could not encode a report for the spool: " + e);
      return false;
    }
    if (data.length > maxBytes) {
      dropped(
          "a report of "
              + data.length
              + " bytes for "
              + EmailAddresses.mask(report.customerEmail())
              + " is larger than <spoolMaxSize> on its own");
      return false;
    }
    long total = bytes; // other processes' writes count from the next rescan on
    if (total + data.length > maxBytes) {
      List<Path> files = measure();
      total = bytes;
      for (int i = 0; total + data.length > maxBytes && i < files.size(); i++) {
        total -= dropIfFree(files.get(i));
      }
    }
    if (total + data.length > maxBytes) {
      dropped("every older report is being delivered right now");
      return false;
    }
    // An interrupted thread (stop() interrupts a stuck worker) would close the channel at once.
    boolean interrupted = Thread.interrupted();
    try {
      return writeFile(report, data, total);
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean writeFile(ErrorReport report, byte[] data, long total) {
    String name =
        String.format(
            "%013d-%s-%09d%s",
            Math.max(0, report.timestampMillis()), instance, sequence.incrementAndGet(), SUFFIX);
    Path temp = null;
    try {
      // createTempFile makes the file rw------- on POSIX file systems.
      temp = Files.createTempFile(dir, "spool-", TEMP_SUFFIX);
      try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
        out.force(true);
      }
      Files.move(temp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
      bytes = total + data.length;
      return true;
    } catch (IOException | RuntimeException e) {
      status.warn("spool-io", "Could not write a report to the spool " + dir + ": " + e);
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // set aside as stale by a later rescan
        }
      }
      return false;
    }
  }

  /**
   * Claims the oldest report no one else is delivering: locked until {@link Claim#delivered()} or
   * {@link Claim#release()}. Unreadable files met on the way are set aside.
   *
   * @return null when there is none
   */
  public synchronized @Nullable Claim claimOldest() {
    for (Path file : measure()) {
      Claim claim = lock(file);
      if (claim == null) {
        continue;
      }
      try {
        long size = claim.channel.size();
        if (size > MAX_FILE_BYTES) {
          claim.setAside("larger than any report (" + size + " bytes)");
          continue;
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining() && claim.channel.read(buffer, buffer.position()) >= 0) {
          // read it all
        }
        claim.entry = format.read(buffer.array());
        return claim;
      } catch (SpoolFormat.UnreadableException e) {
        claim.setAside(e.getMessage());
      } catch (IOException e) {
        status.warn("spool-io", "Could not read the spool file " + file + ": " + e);
        claim.release();
      }
    }
    return null;
  }

  /** A report that this process alone is delivering until it lets go. */
  public final class Claim {
    private final Path file;
    private final FileChannel channel;

    @SuppressWarnings("NullAway.Init") // set before claimOldest hands the claim out
    private SpoolFormat.Entry entry;

    private Claim(Path file, FileChannel channel) {
      this.file = file;
      this.channel = channel;
    }

    public ErrorReport report() {
      return entry.report();
    }

    /** See {@link SpoolFormat#write}. */
    public boolean mayHaveReachedPlain() {
      return entry.mayHaveReachedPlain();
    }

    /**
     * Delivered (or refused for good): the file goes, before the lock, so no one sends it again.
     */
    public void delivered() {
      synchronized (DiskSpool.this) {
        try {
          long size = channel.size();
          Files.deleteIfExists(file);
          bytes = Math.max(0, bytes - size);
        } catch (IOException e) {
          status.warn("spool-io", "Could not delete the delivered spool file " + file + ": " + e);
        } finally {
          release();
        }
      }
    }

    /** Not delivered now: the file stays for a later try, by this process or another. */
    public void release() {
      try {
        channel.close(); // releases the lock
      } catch (IOException ignored) {
        // closing a read channel does not fail in a way we could act on
      } finally {
        CLAIMED_IN_THIS_JVM.remove(file);
      }
    }

    private void setAside(@Nullable String why) {
      try {
        DiskSpool.this.setAside(file, why);
      } finally {
        release();
      }
    }
  }

  private @Nullable Claim lock(Path file) {
    if (!CLAIMED_IN_THIS_JVM.add(file)) {
      return null; // another appender of this JVM has it
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      // Deleted by its deliverer before it let go of the lock: already delivered.
      if (lock != null && Files.exists(file)) {
        return new Claim(file, channel);
      }
    } catch (NoSuchFileException e) {
      // delivered and deleted by another process since the listing
    } catch (IOException | OverlappingFileLockException e) {
      status.warn("spool-io", "Could not lock the spool file " + file + ": " + e);
    }
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // nothing was locked
      }
    }
    CLAIMED_IN_THIS_JVM.remove(file);
    return null;
  }

  /** Deletes the oldest file unless someone is delivering it; returns the bytes freed. */
  private long dropIfFree(Path file) {
    Claim claim = lock(file);
    if (claim == null) {
      return 0;
    }
    try {
      long size = claim.channel.size();
      Files.deleteIfExists(file);
      dropped("the spool reached <spoolMaxSize> " + maxBytes + " bytes; dropped its oldest report");
      return size;
    } catch (IOException e) {
      status.warn("spool-io", "Could not drop the spool file " + file + ": " + e);
      return 0;
    } finally {
      claim.release();
    }
  }

  private void setAside(Path file, @Nullable String why) {
    Path bad = file.resolveSibling(file.getFileName() + BAD_SUFFIX);
    try {
      Files.move(file, bad, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      status.warn("spool-io", "Could not set aside the unreadable spool file " + file + ": " + e);
      return;
    }
    onDropped.run();
    status.warn(
        "spool-unreadable:" + file.getFileName(),
        "Set aside the spool file " + bad + ", which cannot be delivered: " + why + ".");
  }

  private void dropped(String why) {
    onDropped.run();
    status.warn("spool-full", "Dropped a spooled error report: " + why + ".");
  }

  /** The report files, oldest first; updates {@link #bytes}. */
  private List<Path> measure() {
    List<Path> files = new ArrayList<>();
    long total = 0;
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
      for (Path file : stream) {
        try {
          total += Files.size(file);
          files.add(file);
        } catch (IOException e) {
          // delivered by another process meanwhile
        }
      }
    } catch (IOException e) {
      status.warn("spool-io", "Could not read the spool directory " + dir + ": " + e);
    }
    files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    bytes = total;
    return files;
  }

  private static @Nullable FileTime modifiedOrNull(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException e) {
      return null;
    }
  }
}
