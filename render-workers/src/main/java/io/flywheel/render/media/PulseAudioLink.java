package io.flywheel.render.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes a shared library's link to PulseAudio ({@code libpulse.so.0}), which a new Debian machine
 * does not have. The bundled {@code libavdevice} links it for the {@code pulse} capture and
 * playback devices, which the pipeline never uses; every ffmpeg and ffprobe run loads libavdevice,
 * so without this change neither starts ("libpulse.so.0: cannot open shared object file").
 *
 * <p>The change is two edits of the ELF dynamic section: the {@code DT_NEEDED libpulse.so.0} entry
 * is dropped (later entries move up one), and its version requirement ({@code PULSE_0}) is unlinked
 * from the {@code .gnu.version_r} chain, else the loader would look for that version in a library
 * it did not load. The {@code pa_*} functions are bound lazily through the PLT, so they stay
 * unresolved until called: only {@code -f pulse} then fails ("undefined symbol: pa_...").
 */
public final class PulseAudioLink {
    static final String LIBRARY = "libpulse.so.0";
    private static final int PT_LOAD = 1;
    private static final int PT_DYNAMIC = 2;
    private static final long DT_NULL = 0;
    private static final long DT_NEEDED = 1;
    private static final long DT_STRTAB = 5;
    private static final long DT_VERNEED = 0x6ffffffeL;
    private static final long DT_VERNEEDNUM = 0x6fffffffL;
    private static final long DT_FLAGS = 30;
    private static final long DT_FLAGS_1 = 0x6ffffffbL;
    private static final long DF_BIND_NOW = 0x8;
    private static final long DF_1_NOW = 0x1;

    private PulseAudioLink() {}

    /**
     * Rewrites {@code library} in place without its PulseAudio link.
     *
     * @return whether it had one
     * @throws IOException when it is not a 64-bit little-endian ELF file, or the link cannot be
     *     removed safely (its functions would be bound at load time)
     */
    public static boolean remove(Path library) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(library)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.limit() < 64
                || b.getInt(0) != 0x464c457f // \x7fELF
                || b.get(4) != 2 // 64-bit
                || b.get(5) != 1) { // little-endian
            throw new IOException(library + " is not a 64-bit little-endian ELF file");
        }
        List<long[]> loads = new ArrayList<>();
        long dynOffset = -1;
        long phoff = b.getLong(0x20);
        int phentsize = Short.toUnsignedInt(b.getShort(0x36));
        int phnum = Short.toUnsignedInt(b.getShort(0x38));
        for (int i = 0; i < phnum; i++) {
            int ph = (int) (phoff + (long) i * phentsize);
            int type = b.getInt(ph);
            if (type == PT_LOAD) {
                // offset, virtual address, size in the file
                loads.add(new long[] {b.getLong(ph + 8), b.getLong(ph + 16), b.getLong(ph + 32)});
            } else if (type == PT_DYNAMIC) {
                dynOffset = b.getLong(ph + 8);
            }
        }
        if (dynOffset < 0) {
            throw new IOException(library + " has no dynamic section");
        }
        List<long[]> entries = new ArrayList<>(); // tag, value
        for (int o = (int) dynOffset; ; o += 16) {
            long tag = b.getLong(o);
            entries.add(new long[] {tag, b.getLong(o + 8)});
            if (tag == DT_NULL) {
                break;
            }
        }
        int strtab = (int) fileOffset(loads, value(entries, DT_STRTAB), library);
        long pulseNeeded = -1;
        for (long[] e : entries) {
            if (e[0] == DT_NEEDED && string(b, strtab + e[1]).equals(LIBRARY)) {
                pulseNeeded = e[1];
            }
        }
        if (pulseNeeded < 0) {
            return false;
        }
        if ((value(entries, DT_FLAGS) & DF_BIND_NOW) != 0
                || (value(entries, DT_FLAGS_1) & DF_1_NOW) != 0) {
            throw new IOException(
                    library + " binds every symbol at load time; cannot drop " + LIBRARY);
        }
        long verneedCount = value(entries, DT_VERNEEDNUM);
        if (verneedCount > 0) {
            int first = (int) fileOffset(loads, value(entries, DT_VERNEED), library);
            int previous = -1;
            int vn = first;
            for (long i = 0; i < verneedCount; i++) {
                long next = Integer.toUnsignedLong(b.getInt(vn + 12));
                String file = string(b, strtab + Integer.toUnsignedLong(b.getInt(vn + 4)));
                if (file.equals(LIBRARY)) {
                    if (previous < 0) {
                        // The first requirement: point DT_VERNEED at the second.
                        for (long[] e : entries) {
                            if (e[0] == DT_VERNEED) {
                                e[1] += next;
                            }
                        }
                    } else {
                        long prevNext = Integer.toUnsignedLong(b.getInt(previous + 12));
                        b.putInt(previous + 12, (int) (next == 0 ? 0 : prevNext + next));
                    }
                    for (long[] e : entries) {
                        if (e[0] == DT_VERNEEDNUM) {
                            e[1]--;
                        }
                    }
                    break;
                }
                previous = vn;
                vn += (int) next;
            }
        }
        final long dropped = pulseNeeded;
        entries.removeIf(e -> e[0] == DT_NEEDED && e[1] == dropped);
        entries.add(new long[] {DT_NULL, 0}); // keeps the section's length
        int o = (int) dynOffset;
        for (long[] e : entries) {
            b.putLong(o, e[0]);
            b.putLong(o + 8, e[1]);
            o += 16;
        }
        Path tmp = library.resolveSibling(library.getFileName() + ".nopulse");
        Files.write(tmp, b.array());
        Files.move(tmp, library, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return true;
    }

    private static long value(List<long[]> entries, long tag) {
        for (long[] e : entries) {
            if (e[0] == tag) {
                return e[1];
            }
        }
        return 0;
    }

    private static long fileOffset(List<long[]> loads, long address, Path library)
            throws IOException {
        for (long[] l : loads) {
            if (address >= l[1] && address < l[1] + l[2]) {
                return address - l[1] + l[0];
            }
        }
        throw new IOException(library + ": address 0x" + Long.toHexString(address) + " not mapped");
    }

    private static String string(ByteBuffer b, long offset) {
        int start = (int) offset;
        int end = start;
        while (b.get(end) != 0) {
            end++;
        }
        byte[] s = new byte[end - start];
        b.get(start, s);
        return new String(s, StandardCharsets.US_ASCII);
    }
}
