package dev.modelkit.layer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Writes tar streams byte for byte as kit (Go's {@code archive/tar}) writes its layers: USTAR headers with the
 * name/prefix split, a PAX extended header only where USTAR cannot hold the entry (non-ASCII or unsplittable long
 * names, sizes of 8 GiB and more), normalised owners and times, and no padding to a 10240-byte record.
 *
 * <p>Only the bytes are decided here; which entries go in and in what order is {@link LayerFileSelector}'s job.
 * File content is streamed from disk through a fixed buffer, so memory does not grow with file size.
 */
public final class KitTarWriter implements AutoCloseable {

    /** Owner, group and time written into every header. */
    public record HeaderStyle(int uid, int gid, long mtimeSeconds) {
        /** What kit writes: uid 1000, gid 0, epoch 0. */
        public static final HeaderStyle KIT = new HeaderStyle(1000, 0, 0);
    }

    static final int BLOCK = 512;
    private static final long MAX_USTAR_SIZE = 077777777777L; // 11 octal digits: 8 GiB - 1
    private static final int NAME_SIZE = 100;
    private static final int PREFIX_SIZE = 155;
    private static final byte TYPE_FILE = '0';
    private static final byte TYPE_DIR = '5';
    private static final byte TYPE_PAX = 'x';

    private final OutputStream out;
    private final HeaderStyle style;
    private final byte[] buffer = new byte[256 * 1024];
    private boolean finished;

    public KitTarWriter(OutputStream out) {
        this(out, HeaderStyle.KIT);
    }

    public KitTarWriter(OutputStream out, HeaderStyle style) {
        this.out = Objects.requireNonNull(out, "out");
        this.style = Objects.requireNonNull(style, "style");
    }

    /** Writes one entry; a file's content is read from its source and must still have the size recorded. */
    public void write(LayerEntry entry) throws IOException {
        if (entry.isDirectory()) {
            writeHeader(entry.name(), TYPE_DIR, entry.mode(), 0);
            return;
        }
        writeHeader(entry.name(), TYPE_FILE, entry.mode(), entry.size());
        if (out instanceof FileContentSink sink && sink.copiesDirectly(entry.size())) {
            sink.copyFile(entry.source(), entry.size(), entry.name(), n -> { });
        } else {
            try (InputStream in = Files.newInputStream(entry.source())) {
                copyExactly(in, entry.size(), entry.name());
            }
        }
        pad(entry.size());
    }

    /** Writes an entry whose content comes from a stream of exactly {@code size} bytes (for archives of blobs). */
    public void writeFile(String name, int mode, long size, InputStream content) throws IOException {
        writeHeader(name, TYPE_FILE, mode, size);
        copyExactly(content, size, name);
        pad(size);
    }

    /**
     * Writes only the header of a file entry; the caller then writes exactly {@code size} bytes of content to the
     * same stream and calls {@link #writePadding(long)}. Lets an archive copy content file-to-file in the kernel.
     */
    public void writeFileHeader(String name, int mode, long size) throws IOException {
        writeHeader(name, TYPE_FILE, mode, size);
    }

    /** The zero bytes that fill the last block of a {@code size}-byte entry. */
    public void writePadding(long size) throws IOException {
        pad(size);
    }

    /** Writes a directory entry. */
    public void writeDirectory(String name, int mode) throws IOException {
        writeHeader(name, TYPE_DIR, mode, 0);
    }

    /** Writes the two zero blocks that end a tar; kit adds no record padding after them. */
    public void finish() throws IOException {
        if (!finished) {
            out.write(new byte[2 * BLOCK]);
            finished = true;
        }
    }

    @Override
    public void close() throws IOException {
        finish();
        out.flush();
    }

    private void copyExactly(InputStream in, long size, String name) throws IOException {
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("file " + name + " shrank while it was packed (expected " + size
                        + " bytes, got " + (size - left) + ")");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        if (in.read() >= 0) {
            throw new IOException("file " + name + " grew while it was packed (expected " + size + " bytes)");
        }
    }

    private void pad(long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    private void writeHeader(String name, byte type, int mode, long size) throws IOException {
        out.write(header(style, name, type, mode, size));
    }

    /**
     * The bytes {@link #writeFileHeader} writes for a file entry: its USTAR header, preceded by a PAX header and
     * its records where USTAR cannot hold the entry. Lets an archive put a header at a position of its choice.
     */
    public static byte[] fileHeader(HeaderStyle style, String name, int mode, long size) {
        return header(style, name, TYPE_FILE, mode, size);
    }

    /** The bytes {@link #writeDirectory} writes. */
    public static byte[] directoryHeader(HeaderStyle style, String name, int mode) {
        return header(style, name, TYPE_DIR, mode, 0);
    }

    /**
     * The exact length of a tar of these entries as {@link #write(LayerEntry)} of each and {@link #finish()} write
     * it: headers (PAX ones included), content, padding and the two end blocks. Computed from names and sizes
     * alone, so a layer's length is known before any file is read.
     */
    public static long tarLength(List<LayerEntry> entries) {
        long total = 2 * BLOCK;
        for (LayerEntry e : entries) {
            total += entryLength(e.name(), e.size());
        }
        return total;
    }

    /** The length of one entry: its headers, then {@code size} bytes of content padded to whole blocks. */
    public static long entryLength(String name, long size) {
        byte[] records = paxRecords(name, size);
        long headers = records == null ? BLOCK : BLOCK + padded(records.length) + BLOCK;
        return headers + padded(size);
    }

    /** {@code size} rounded up to whole blocks. */
    public static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** The PAX records an entry needs (path for non-ASCII or unsplittable long names, size from 8 GiB), or null. */
    private static byte[] paxRecords(String name, long size) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        boolean ascii = isAscii(nameBytes);
        boolean nameFits = ascii && (nameBytes.length <= NAME_SIZE || ustarSplit(nameBytes) > 0);
        boolean sizeFits = size <= MAX_USTAR_SIZE;
        if (nameFits && sizeFits) {
            return null;
        }
        StringBuilder records = new StringBuilder();
        if (!ascii || nameBytes.length > NAME_SIZE) { // Go: a name is moved to PAX whole, never split then
            records.append(paxRecord("path", name));
        }
        if (!sizeFits) {
            records.append(paxRecord("size", Long.toString(size)));
        }
        return records.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] header(HeaderStyle style, String name, byte type, int mode, long size) {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        boolean sizeFits = size <= MAX_USTAR_SIZE;
        byte[] data = paxRecords(name, size);
        if (data == null) {
            byte[] block = template(style, type, mode, size);
            if (nameBytes.length <= NAME_SIZE) {
                putString(block, 0, NAME_SIZE, nameBytes);
            } else {
                int split = ustarSplit(nameBytes);
                putString(block, 345, PREFIX_SIZE, Arrays.copyOfRange(nameBytes, 0, split));
                putString(block, 0, NAME_SIZE, Arrays.copyOfRange(nameBytes, split + 1, nameBytes.length));
            }
            return checksummed(block);
        }
        // PAX: an extended header holding the records USTAR cannot, then the entry's own header.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] pax = new byte[BLOCK];
        putString(pax, 0, NAME_SIZE, truncate(toAscii(paxHeaderName(name)), NAME_SIZE, true));
        putOctal(pax, 100, 8, 0);
        putOctal(pax, 108, 8, 0);
        putOctal(pax, 116, 8, 0);
        putOctal(pax, 124, 12, data.length);
        putOctal(pax, 136, 12, 0);
        pax[156] = TYPE_PAX;
        putMagic(pax); // devmajor/devminor stay NUL here, as in Go's writeRawFile
        bytes.writeBytes(checksummed(pax));
        bytes.writeBytes(data);
        bytes.writeBytes(new byte[(int) (padded(data.length) - data.length)]);

        byte[] block = template(style, type, mode, sizeFits ? size : -1);
        byte[] asciiName = toAscii(name);
        putString(block, 0, NAME_SIZE, truncate(asciiName, NAME_SIZE, false));
        if (asciiName.length > NAME_SIZE && block[NAME_SIZE - 1] == '/') {
            // Go's formatString: a cut name must not look like a directory to old readers.
            int n = NAME_SIZE;
            while (n > 0 && block[n - 1] == '/') {
                n--;
            }
            block[n] = 0;
        }
        bytes.writeBytes(checksummed(block));
        return bytes.toByteArray();
    }

    /** A header with every field but the name set; size -1 writes zeros (the size is in a PAX record). */
    private static byte[] template(HeaderStyle style, byte type, int mode, long size) {
        byte[] block = new byte[BLOCK];
        putOctal(block, 100, 8, mode);
        putOctal(block, 108, 8, style.uid());
        putOctal(block, 116, 8, style.gid());
        putOctal(block, 124, 12, Math.max(size, 0));
        putOctal(block, 136, 12, style.mtimeSeconds());
        block[156] = type;
        putMagic(block);
        putOctal(block, 329, 8, 0); // devmajor
        putOctal(block, 337, 8, 0); // devminor
        return block;
    }

    /** Fills in the header checksum; returns the block. */
    private static byte[] checksummed(byte[] block) {
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (block[i] & 0xff);
        }
        putOctal(block, 148, 7, sum);
        block[155] = ' ';
        return block;
    }

    private static void putMagic(byte[] block) {
        byte[] magic = {'u', 's', 't', 'a', 'r', 0, '0', '0'};
        System.arraycopy(magic, 0, block, 257, magic.length);
    }

    /** Zero-padded octal that leaves room for a terminating NUL, as Go's formatter does. */
    private static void putOctal(byte[] block, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        StringBuilder sb = new StringBuilder();
        for (int i = digits.length(); i < length - 1; i++) {
            sb.append('0');
        }
        sb.append(digits);
        putString(block, offset, length, sb.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static void putString(byte[] block, int offset, int length, byte[] value) {
        if (value.length > length) {
            throw new IllegalArgumentException("tar field too long: " + value.length + " > " + length);
        }
        System.arraycopy(value, 0, block, offset, value.length);
    }

    /**
     * Go's splitUSTARPath: cut at the last '/' within the first 156 bytes; the index of that '/' or -1 when the
     * name cannot be split (no such '/', '/' at 0, empty or too long suffix).
     */
    static int ustarSplit(byte[] name) {
        if (name.length <= NAME_SIZE) {
            return -1;
        }
        int length = Math.min(name.length, PREFIX_SIZE + 1);
        int i = -1;
        for (int j = length - 1; j >= 0; j--) {
            if (name[j] == '/') {
                i = j;
                break;
            }
        }
        int suffix = name.length - i - 1;
        if (i <= 0 || suffix > NAME_SIZE || suffix == 0 || i > PREFIX_SIZE) {
            return -1;
        }
        return i;
    }

    /** "len key=value\n" where len counts the whole record, its own digits included. */
    static String paxRecord(String key, String value) {
        int size = key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length + 3;
        size += Integer.toString(size).length();
        String record = size + " " + key + "=" + value + "\n";
        int actual = record.getBytes(StandardCharsets.UTF_8).length;
        if (actual != size) {
            record = actual + " " + key + "=" + value + "\n";
        }
        return record;
    }

    /** Go: path.Join(dir, "PaxHeaders.0", file) for the name's directory and base parts. */
    static String paxHeaderName(String name) {
        int slash = name.lastIndexOf('/');
        String dir = slash >= 0 ? name.substring(0, slash + 1) : "";
        String file = name.substring(slash + 1);
        String joined = dir.isEmpty() ? "PaxHeaders.0" : dir + "PaxHeaders.0";
        return file.isEmpty() ? joined : joined + "/" + file;
    }

    private static byte[] toAscii(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                sb.append(c);
            }
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] truncate(byte[] value, int max, boolean trimTrailingSlash) {
        byte[] v = value.length > max ? Arrays.copyOf(value, max) : value;
        if (trimTrailingSlash) {
            int end = v.length;
            while (end > 0 && v[end - 1] == '/') {
                end--;
            }
            v = Arrays.copyOf(v, end);
        }
        return v;
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
