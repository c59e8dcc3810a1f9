package dev.modelkit.oci;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A strict, streaming tar reader for untrusted input (layers and oci-archives). It keeps only one header block and
 * a bounded PAX / GNU long-name record in memory, so a hostile tar cannot make it allocate more than
 * {@link #MAX_EXTENDED_HEADER} bytes (a general-purpose reader would load a 2 GiB "long name" whole). It reports
 * every entry type, so callers decide what to refuse; it touches the file system only to copy an entry's content into
 * a file the caller names ({@link #copyContentTo}).
 */
public final class TarStreamReader {

    /** The largest PAX header or GNU long name accepted; kit's own PAX records are a few hundred bytes. */
    public static final int MAX_EXTENDED_HEADER = 1024 * 1024;

    private static final int BLOCK = 512;

    /** What a tar entry is, after PAX and GNU long-name records are folded into the entry they describe. */
    public enum Type { FILE, DIRECTORY, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO, OTHER }

    /**
     * One entry.
     *
     * @param name       the entry name as stored ('/'-separated, not cleaned)
     * @param dataOffset where the entry's content starts in the tar stream (for indexing an archive)
     */
    public record Entry(String name, Type type, char typeflag, int mode, long size, String linkName,
                        long dataOffset) {
    }

    private final InputStream in;
    private final byte[] header = new byte[BLOCK];
    private long position;
    private long remaining;
    private long padding;
    private boolean ended;

    public TarStreamReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end-of-archive marker (or a clean end of input). */
    public Entry next() throws IOException {
        skipRest();
        String paxPath = null;
        String paxLink = null;
        Long paxSize = null;
        String longName = null;
        String longLink = null;
        while (true) {
            if (ended || !readHeader()) {
                ended = true;
                return null;
            }
            char flag = (char) (header[156] & 0xff);
            long size = number(124, 12, "size");
            switch (flag) {
                case 'x', 'g', 'L', 'K' -> {
                    byte[] data = readExtended(size, flag);
                    if (flag == 'x') {
                        PaxFields pax = PaxFields.parse(data, position);
                        paxPath = pax.path() != null ? pax.path() : paxPath;
                        paxLink = pax.linkPath() != null ? pax.linkPath() : paxLink;
                        paxSize = pax.size() != null ? pax.size() : paxSize;
                    } else if (flag == 'L') {
                        longName = cString(data, 0, data.length);
                    } else if (flag == 'K') {
                        longLink = cString(data, 0, data.length);
                    }
                    // 'g' (global PAX) carries nothing this reader needs: names and sizes are per entry.
                    continue;
                }
                default -> {
                }
            }
            String name = paxPath != null ? paxPath : longName != null ? longName : headerName();
            String link = paxLink != null ? paxLink : longLink != null ? longLink : cString(header, 157, 100);
            long entrySize = paxSize != null ? paxSize : size;
            if (entrySize < 0) {
                throw new IOException("tar entry '" + name + "' has a negative size");
            }
            Type type = type(flag);
            // Only files carry content; a link or directory header's size field is ignored as tar does.
            long dataSize = (type == Type.FILE || type == Type.OTHER) ? entrySize : 0;
            int mode = (int) (number(100, 8, "mode") & 07777);
            remaining = dataSize;
            padding = (BLOCK - dataSize % BLOCK) % BLOCK;
            return new Entry(name, type, flag, mode, entrySize, link, position);
        }
    }

    /** The current entry's content; ends at the entry's size. Closing it is harmless: the tar stream stays open. */
    public InputStream content() {
        return new EntryContent();
    }

    /**
     * Copies the current entry's content, all of it, into {@code file} (new and empty). Over a
     * {@link FileRegionInputStream} the bytes go file to file ({@link FileRegionInputStream#copyTo}: around the page
     * cache through {@code copies}, or copied by the kernel); over any other stream they pass through a buffer.
     *
     * @param copies null for the kernel's copy
     */
    public void copyContentTo(Path file, UncachedCopies copies) throws IOException {
        if (in instanceof FileRegionInputStream region) {
            try {
                region.copyTo(file, remaining, copies);
            } catch (EOFException e) {
                throw new EOFException("tar entry data ends early: " + e.getMessage());
            }
            position += remaining;
            remaining = 0;
            return;
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.WRITE)) {
            content().transferTo(out);
        }
    }

    /** Bytes consumed so far. */
    public long position() {
        return position;
    }

    private void skipRest() throws IOException {
        skipFully(remaining + padding);
        remaining = 0;
        padding = 0;
    }

    private void skipFully(long n) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new EOFException("tar stream ends inside an entry");
            }
            n -= r;
            position += r;
        }
    }

    private boolean readHeader() throws IOException {
        int got = in.readNBytes(header, 0, BLOCK);
        position += got;
        if (got == 0) {
            return false;
        }
        if (got < BLOCK) {
            throw new EOFException("tar stream ends inside a header at offset " + (position - got));
        }
        boolean zero = true;
        for (byte b : header) {
            if (b != 0) {
                zero = false;
                break;
            }
        }
        if (zero) {
            return false;
        }
        checkChecksum();
        return true;
    }

    private void checkChecksum() throws IOException {
        long stored = number(148, 8, "checksum");
        long unsigned = 0;
        long signed = 0;
        for (int i = 0; i < BLOCK; i++) {
            int b = (i >= 148 && i < 156) ? ' ' : header[i];
            unsigned += b & 0xff;
            signed += (i >= 148 && i < 156) ? ' ' : header[i];
        }
        if (stored != unsigned && stored != signed) {
            throw new IOException("tar header at offset " + (position - BLOCK) + " has a bad checksum (not a tar?)");
        }
    }

    private byte[] readExtended(long size, char flag) throws IOException {
        if (size > MAX_EXTENDED_HEADER) {
            throw new IOException("tar " + (flag == 'x' || flag == 'g' ? "PAX header" : "long name") + " of " + size
                    + " bytes at offset " + (position - BLOCK) + " is larger than the limit of "
                    + MAX_EXTENDED_HEADER);
        }
        byte[] data = in.readNBytes((int) size);
        position += data.length;
        if (data.length < size) {
            throw new EOFException("tar stream ends inside an extended header");
        }
        skipFully((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    private String headerName() {
        String name = cString(header, 0, 100);
        boolean ustar = Arrays.equals(Arrays.copyOfRange(header, 257, 263), "ustar\0".getBytes(StandardCharsets.US_ASCII));
        if (ustar) {
            String prefix = cString(header, 345, 155);
            if (!prefix.isEmpty()) {
                return prefix + "/" + name;
            }
        }
        return name;
    }

    private static Type type(char flag) {
        return switch (flag) {
            case '0', '\0', '7' -> Type.FILE;
            case '5' -> Type.DIRECTORY;
            case '2' -> Type.SYMLINK;
            case '1' -> Type.HARDLINK;
            case '3' -> Type.CHAR_DEVICE;
            case '4' -> Type.BLOCK_DEVICE;
            case '6' -> Type.FIFO;
            default -> Type.OTHER;
        };
    }

    /** Octal (NUL/space padded) or, with the high bit of the first byte set, base-256 as GNU and Go write. */
    private long number(int offset, int length, String field) throws IOException {
        if ((header[offset] & 0x80) != 0) {
            if ((header[offset] & 0x40) != 0) {
                throw new IOException("tar header " + field + " is negative");
            }
            long v = header[offset] & 0x3f;
            for (int i = 1; i < length; i++) {
                if ((v >>> 55) != 0) {
                    throw new IOException("tar header " + field + " is too large");
                }
                v = (v << 8) | (header[offset + i] & 0xff);
            }
            return v;
        }
        long v = 0;
        boolean digits = false;
        for (int i = offset; i < offset + length; i++) {
            int c = header[i] & 0xff;
            if (c == 0 || (c == ' ' && digits)) {
                break;
            }
            if (c == ' ') {
                continue;
            }
            if (c < '0' || c > '7') {
                throw new IOException("tar header " + field + " at offset " + (position - BLOCK) + " is not octal");
            }
            digits = true;
            v = v * 8 + (c - '0');
            if (v > Long.MAX_VALUE / 8) {
                throw new IOException("tar header " + field + " is too large");
            }
        }
        return v;
    }

    private static String cString(byte[] b, int offset, int length) {
        int end = offset;
        while (end < offset + length && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.UTF_8);
    }

    /**
     * A view of the current entry's bytes. Built on {@link ReadThroughInputStream} so single-byte reads and skips go
     * through {@link #read(byte[], int, int)} and keep {@code remaining} and {@code position} right.
     */
    private final class EntryContent extends ReadThroughInputStream {

        EntryContent() {
            super(TarStreamReader.this.in);
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("tar entry data ends early (" + remaining + " bytes missing)");
            }
            remaining -= n;
            position += n;
            return n;
        }

        /** No more than the entry holds: what follows it in the tar stream is not this entry's. */
        @Override
        public int available() throws IOException {
            return (int) Math.min(remaining, in.available());
        }

        /** The tar stream belongs to the reader, which goes on with the next entry. */
        @Override
        public void close() {
        }
    }

    /** The PAX keys this reader uses; others (times, owners, comments) are ignored. */
    private record PaxFields(String path, String linkPath, Long size) {

        static PaxFields parse(byte[] data, long offset) throws IOException {
            String path = null;
            String link = null;
            Long size = null;
            int i = 0;
            while (i < data.length) {
                int space = i;
                while (space < data.length && data[space] != ' ') {
                    space++;
                }
                int len;
                try {
                    len = Integer.parseInt(new String(data, i, space - i, StandardCharsets.US_ASCII));
                } catch (NumberFormatException e) {
                    throw new IOException("malformed PAX header before offset " + offset);
                }
                if (len <= space - i || i + len > data.length || data[i + len - 1] != '\n') {
                    throw new IOException("malformed PAX record before offset " + offset);
                }
                String record = new String(data, space + 1, i + len - space - 2, StandardCharsets.UTF_8);
                int eq = record.indexOf('=');
                if (eq < 0) {
                    throw new IOException("malformed PAX record before offset " + offset);
                }
                String key = record.substring(0, eq);
                String value = record.substring(eq + 1);
                switch (key) {
                    case "path" -> path = value;
                    case "linkpath" -> link = value;
                    case "size" -> {
                        try {
                            size = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            throw new IOException("malformed PAX size '" + value + "'");
                        }
                    }
                    default -> {
                        if (key.startsWith("GNU.sparse")) {
                            throw new IOException("sparse tar entries are not supported");
                        }
                    }
                }
                i += len;
            }
            return new PaxFields(path, link, size);
        }
    }
}
