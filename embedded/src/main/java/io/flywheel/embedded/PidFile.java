package io.flywheel.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The process id of a service, kept in a file so another `flywheel` command can find it. */
public record PidFile(Path path) {

    /** The live process named by the file, if the file exists and that process still runs. */
    public Optional<ProcessHandle> liveProcess() {
        return read().flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    }

    public Optional<Long> read() {
        try {
            if (!Files.exists(path)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(path);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public void write(long pid) {
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(path, pid + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
