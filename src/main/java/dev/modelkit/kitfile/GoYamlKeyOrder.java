package dev.modelkit.kitfile;

import java.util.Comparator;

/**
 * The order go-yaml v3 writes map keys in: letters compare as characters, runs of digits compare by numeric value
 * ("a2" before "a10"), and a letter sorts after a non-letter unless both follow a digit. Written from the documented
 * behaviour so that parameters come out as {@code kit} writes them.
 */
final class GoYamlKeyOrder implements Comparator<String> {

    static final GoYamlKeyOrder INSTANCE = new GoYamlKeyOrder();

    private GoYamlKeyOrder() {
    }

    @Override
    public int compare(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        return less(a, b) ? -1 : less(b, a) ? 1 : a.compareTo(b);
    }

    private static boolean less(String as, String bs) {
        int[] a = as.codePoints().toArray();
        int[] b = bs.codePoints().toArray();
        boolean digits = false;
        for (int i = 0; i < a.length && i < b.length; i++) {
            if (a[i] == b[i]) {
                digits = Character.isDigit(a[i]);
                continue;
            }
            boolean al = Character.isLetter(a[i]);
            boolean bl = Character.isLetter(b[i]);
            if (al && bl) {
                return a[i] < b[i];
            }
            if (al || bl) {
                return digits ? al : bl;
            }
            long an = 0;
            long bn = 0;
            if (a[i] == '0' || b[i] == '0') {
                for (int j = i - 1; j >= 0 && Character.isDigit(a[j]); j--) {
                    if (a[j] != '0') {
                        an = 1;
                        bn = 1;
                        break;
                    }
                }
            }
            int ai = i;
            while (ai < a.length && Character.isDigit(a[ai])) {
                an = an * 10 + (a[ai] - '0');
                ai++;
            }
            int bi = i;
            while (bi < b.length && Character.isDigit(b[bi])) {
                bn = bn * 10 + (b[bi] - '0');
                bi++;
            }
            if (an != bn) {
                return an < bn;
            }
            if (ai != bi) {
                return ai < bi;
            }
            return a[i] < b[i];
        }
        return a.length < b.length;
    }
}
