package org.xbarsim.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/** Writes a file through a temporary sibling and a move, so a failed run leaves no half-written file. */
public final class AtomicFile {
    /** Numbers the temporary files of this process. */
    private static final AtomicLong SERIAL = new AtomicLong();

    private AtomicFile() {
    }

    /** What writes the content. */
    @FunctionalInterface
    public interface Body {
        void write(Writer w) throws IOException;
    }

    /** What writes binary content. */
    @FunctionalInterface
    public interface BinaryBody {
        void write(OutputStream out) throws IOException;
    }

    public static void write(Path target, Body body) throws IOException {
        writeBytes(target, out -> {
            Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            body.write(w);
            w.flush();
        });
    }

    public static void writeBytes(Path target, BinaryBody body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path tmp;
        try {
            Path dir = abs.getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            tmp = createSibling(abs);
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + reason(e), e);
        }
        PENDING.add(tmp);
        if (HOOK.get() == null && HOOK.compareAndSet(null, new Thread(AtomicFile::removePending, "remove-temporary-files"))) {
            Runtime.getRuntime().addShutdownHook(HOOK.get());
        }
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
            PENDING.remove(tmp);
        }
    }

    /** Temporary files being written now: removed by a shutdown hook when the process is interrupted. */
    private static final java.util.Set<Path> PENDING = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private static final java.util.concurrent.atomic.AtomicReference<Thread> HOOK = new java.util.concurrent.atomic.AtomicReference<>();

    /** Deletes every temporary file still being written (SIGINT, SIGTERM, System.exit mid-write). */
    private static void removePending() {
        for (Path p : PENDING) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // the process is ending; nothing else can be done about it
            }
        }
    }

    /**
     * Checks that {@code target} can be written before any work is done for it, creating nothing
     * that stays: where its folder exists, a file is created there and removed at once; where it
     * does not yet, its nearest existing ancestor must be a writable folder.
     *
     * @throws IOException naming the file and the reason
     */
    public static void checkWritable(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        if (Files.isDirectory(abs)) {
            throw new IOException("cannot write " + target + ": it is a directory");
        }
        Path dir = abs.getParent();
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && !Files.isDirectory(existing)) {
            throw new IOException("cannot write " + target + ": " + existing + " is a file, not a folder");
        }
        try {
            if (existing != null && existing.equals(dir)) {
                Files.delete(createSibling(abs));
            } else if (existing != null && !Files.isWritable(existing)) {
                throw new java.nio.file.AccessDeniedException(existing.toString());
            }
        } catch (IOException e) {
            throw new IOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    /** The reason of a file-system failure in words, without the temporary file's name. */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such directory";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage();
    }

    /**
     * A new empty file {@code .NAME.T-N.tmp} beside {@code target} (T a clock reading, N a counter),
     * an ordinary file as the result will be. Not {@code Files.createTempFile}, whose random names
     * cost a start-up of the secure random generator (about 30 ms of a short run), nor the process
     * id, whose lookup costs a few ms more; a name another process took is skipped.
     */
    private static Path createSibling(Path target) throws IOException {
        String stem = "." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + "-";
        for (int attempt = 0; ; attempt++) {
            Path tmp = target.resolveSibling(stem + SERIAL.incrementAndGet() + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 1000) {
                    throw e; // 1000 names in a row taken: something else is wrong
                }
            }
        }
    }
}
