package dev.modelkit.unpack;

import dev.modelkit.oci.ReadThroughInputStream;

import java.io.IOException;
import java.io.InputStream;

/**
 * Sits in front of the zstd decoder and follows the frame structure (RFC 8878 §3.1) of the bytes passing through,
 * refusing any frame whose window is larger than {@link #MAX_WINDOW}. The decoder allocates its window from the frame
 * header, and a header may claim up to 2 GiB (or a single-segment frame its whole content size): without this check a
 * few hostile bytes would make the JVM run out of memory. Costs a few comparisons per block, nothing per byte of data.
 */
final class ZstdFrameGuard extends ReadThroughInputStream {

    /** 64 MiB: above what zstd levels 1–19 and Go's default encoder use (≤ 8 MiB), below a Maven JVM's heap. */
    static final long MAX_WINDOW = 64L * 1024 * 1024;

    private static final int FRAME_MAGIC = 0xFD2FB528;

    private enum State { MAGIC, SKIPPABLE_SIZE, SKIPPABLE_DATA, DESCRIPTOR, HEADER_REST, BLOCK_HEADER, BLOCK_DATA,
        CHECKSUM }

    private final byte[] field = new byte[16];
    private State state = State.MAGIC;
    private int have;
    private int need = 4;
    private long skip;
    private int descriptor;
    private boolean lastBlock;

    ZstdFrameGuard(InputStream in) {
        super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            follow(b, off, n);
        }
        return n;
    }

    private void follow(byte[] b, int off, int n) throws IOException {
        int i = off;
        int end = off + n;
        while (i < end) {
            if (state == State.SKIPPABLE_DATA || state == State.BLOCK_DATA) {
                long take = Math.min(skip, end - i);
                skip -= take;
                i += (int) take;
                if (skip == 0) {
                    if (state == State.SKIPPABLE_DATA) {
                        expect(State.MAGIC, 4);
                    } else {
                        afterBlock();
                    }
                }
                continue;
            }
            field[have++] = b[i++];
            if (have == need) {
                fieldComplete();
            }
        }
    }

    private void fieldComplete() throws IOException {
        switch (state) {
            case MAGIC -> {
                int magic = (int) little(0, 4);
                if (magic == FRAME_MAGIC) {
                    expect(State.DESCRIPTOR, 1);
                } else if ((magic & 0xFFFFFFF0) == 0x184D2A50) {
                    expect(State.SKIPPABLE_SIZE, 4);
                } else {
                    throw new IOException("not a zstd frame (magic " + Integer.toHexString(magic) + ")");
                }
            }
            case SKIPPABLE_SIZE -> {
                skip = little(0, 4);
                if (skip == 0) {
                    expect(State.MAGIC, 4);
                } else {
                    expect(State.SKIPPABLE_DATA, 0);
                }
            }
            case DESCRIPTOR -> {
                descriptor = field[0] & 0xff;
                if ((descriptor & 0x08) != 0) {
                    throw new IOException("zstd frame header has its reserved bit set");
                }
                expect(State.HEADER_REST, windowBytes() + dictionaryBytes() + contentSizeBytes());
            }
            case HEADER_REST -> {
                checkWindow();
                expect(State.BLOCK_HEADER, 3);
            }
            case BLOCK_HEADER -> {
                long header = little(0, 3);
                lastBlock = (header & 1) != 0;
                int type = (int) ((header >>> 1) & 3);
                long size = header >>> 3;
                if (type == 3) {
                    throw new IOException("zstd block with reserved type");
                }
                skip = type == 1 ? 1 : size;
                if (skip == 0) {
                    afterBlock();
                } else {
                    expect(State.BLOCK_DATA, 0);
                }
            }
            case CHECKSUM -> expect(State.MAGIC, 4);
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void afterBlock() {
        if (!lastBlock) {
            expect(State.BLOCK_HEADER, 3);
        } else if ((descriptor & 0x04) != 0) {
            expect(State.CHECKSUM, 4);
        } else {
            expect(State.MAGIC, 4);
        }
    }

    private void checkWindow() throws IOException {
        boolean singleSegment = (descriptor & 0x20) != 0;
        long window;
        int pos = 0;
        if (!singleSegment) {
            int wd = field[0] & 0xff;
            long base = 1L << (10 + (wd >>> 3));
            window = base + (base >>> 3) * (wd & 7);
            pos = 1;
        } else {
            pos += dictionaryBytes();
            int fcs = contentSizeBytes();
            window = little(pos, fcs) + (fcs == 2 ? 256 : 0);
            if (window < 0) {
                window = Long.MAX_VALUE;
            }
        }
        if (window > MAX_WINDOW) {
            throw new IOException("zstd frame needs a " + window + "-byte window; at most " + MAX_WINDOW
                    + " bytes are allowed (the decoder would allocate it)");
        }
    }

    private int windowBytes() {
        return (descriptor & 0x20) != 0 ? 0 : 1;
    }

    private int dictionaryBytes() {
        return switch (descriptor & 3) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> 2;
            default -> 4;
        };
    }

    private int contentSizeBytes() {
        return switch (descriptor >>> 6) {
            case 0 -> (descriptor & 0x20) != 0 ? 1 : 0;
            case 1 -> 2;
            case 2 -> 4;
            default -> 8;
        };
    }

    private void expect(State next, int bytes) {
        state = next;
        have = 0;
        need = bytes;
    }

    private long little(int offset, int length) {
        long v = 0;
        for (int k = length - 1; k >= 0; k--) {
            v = (v << 8) | (field[offset + k] & 0xff);
        }
        return v;
    }
}
