package dev.modelkit.layer;

import java.util.Arrays;

/**
 * Length-limited canonical Huffman codes for deflate: code lengths from symbol frequencies (an optimal code, cut to
 * the limit by moving leaves down as miniz and zlib do), and the codes those lengths give (RFC 1951 §3.2.2), bit
 * reversed for a writer that packs bits least significant first. Ties are broken by symbol, so the same frequencies
 * always give the same code.
 */
final class HuffmanLengths {

    private HuffmanLengths() {
    }

    /**
     * Code lengths for these frequencies, none longer than {@code maxBits}. The code is always complete: with one
     * symbol or none in use, two symbols get length 1 (a decoder need not accept a one-code table).
     */
    static int[] of(int[] frequencies, int maxBits) {
        int symbols = frequencies.length;
        int[] lengths = new int[symbols];
        Integer[] used = java.util.stream.IntStream.range(0, symbols).filter(s -> frequencies[s] > 0).boxed()
                .toArray(Integer[]::new);
        if (used.length < 2) {
            int first = used.length == 1 ? used[0] : 0;
            lengths[first] = 1;
            lengths[first == 0 ? 1 : 0] = 1;
            return lengths;
        }
        Arrays.sort(used, (a, b) -> frequencies[a] != frequencies[b]
                ? Integer.compare(frequencies[a], frequencies[b]) : Integer.compare(a, b));
        int n = used.length;
        int[] depthCounts = limit(depthCounts(frequencies, used), maxBits);
        // the least frequent symbols take the longest codes
        int next = 0;
        for (int length = maxBits; length > 0; length--) {
            for (int k = 0; k < depthCounts[length]; k++) {
                lengths[used[next++]] = length;
            }
        }
        if (next != n) {
            throw new IllegalStateException("code lengths for " + next + " of " + n + " symbols");
        }
        return lengths;
    }

    /** How many leaves an optimal (unlimited) Huffman tree has at each depth; two queues, as the leaves are sorted. */
    private static int[] depthCounts(int[] frequencies, Integer[] sorted) {
        int n = sorted.length;
        long[] weight = new long[2 * n - 1];
        int[] parent = new int[2 * n - 1];
        for (int i = 0; i < n; i++) {
            weight[i] = frequencies[sorted[i]];
        }
        int leaf = 0;
        int internal = n;
        for (int made = n; made < 2 * n - 1; made++) {
            int[] pick = new int[2];
            for (int k = 0; k < 2; k++) {
                if (leaf < n && (internal >= made || weight[leaf] <= weight[internal])) {
                    pick[k] = leaf++;
                } else {
                    pick[k] = internal++;
                }
            }
            weight[made] = weight[pick[0]] + weight[pick[1]];
            parent[pick[0]] = made;
            parent[pick[1]] = made;
        }
        int[] depth = new int[2 * n - 1];
        int[] counts = new int[n + 1];
        for (int node = 2 * n - 3; node >= 0; node--) { // the root, 2n-2, has depth 0
            depth[node] = depth[parent[node]] + 1;
            if (node < n) {
                counts[depth[node]]++;
            }
        }
        return counts;
    }

    /** Moves leaves deeper than {@code maxBits} up and others down until the code fits and stays complete. */
    private static int[] limit(int[] counts, int maxBits) {
        int[] limited = new int[maxBits + 1];
        for (int d = 1; d < counts.length; d++) {
            limited[Math.min(d, maxBits)] += counts[d];
        }
        long total = 0;
        for (int d = maxBits; d > 0; d--) {
            total += (long) limited[d] << (maxBits - d);
        }
        while (total != 1L << maxBits) {
            limited[maxBits]--;
            for (int d = maxBits - 1; d > 0; d--) {
                if (limited[d] != 0) {
                    limited[d]--;
                    limited[d + 1] += 2;
                    break;
                }
            }
            total--;
        }
        return limited;
    }

    /** The canonical codes of these lengths, each bit-reversed (deflate sends Huffman codes first bit first). */
    static int[] codes(int[] lengths) {
        int[] counts = new int[16];
        for (int length : lengths) {
            counts[length]++;
        }
        counts[0] = 0;
        int[] next = new int[16];
        int code = 0;
        for (int bits = 1; bits < 16; bits++) {
            code = (code + counts[bits - 1]) << 1;
            next[bits] = code;
        }
        int[] codes = new int[lengths.length];
        for (int s = 0; s < lengths.length; s++) {
            int length = lengths[s];
            if (length > 0) {
                codes[s] = Integer.reverse(next[length]++) >>> (32 - length);
            }
        }
        return codes;
    }
}
