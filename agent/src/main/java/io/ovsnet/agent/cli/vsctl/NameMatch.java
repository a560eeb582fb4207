package io.ovsnet.agent.cli.vsctl;

import java.util.ArrayList;
import java.util.List;

/**
 * How ovs-vsctl matches a table or column name typed by the user (score_partial_match() in
 * lib/db-ctl-base.c): an exact match wins, then a match ignoring case and '-' versus '_', then
 * the longest unambiguous prefix.
 */
final class NameMatch {
    private NameMatch() {
    }

    /** The names with the best score, in bytewise order; empty when nothing matches. */
    static List<String> best(List<String> names, String given) {
        List<String> best = new ArrayList<>();
        long bestScore = 0;
        for (String name : names) {
            long score = score(name, given);
            if (score > 0 && score >= bestScore) {
                if (score > bestScore) {
                    best.clear();
                }
                best.add(name);
                bestScore = score;
            }
        }
        best.sort((a, b) -> java.util.Arrays.compareUnsigned(AtomKind.utf8(a), AtomKind.utf8(b)));
        return best;
    }

    static long score(String name, String given) {
        if (name.equals(given)) {
            return 0xffffffffL;
        }
        byte[] n = AtomKind.utf8(name);
        byte[] s = AtomKind.utf8(given);
        int i = 0;
        while (true) {
            int cn = i < n.length ? fold(n[i]) : 0;
            int cs = i < s.length ? fold(s[i]) : 0;
            if (cn != cs) {
                break;
            }
            if (i >= n.length) {
                return 0xffffffffL - 1;
            }
            i++;
        }
        return i >= s.length ? i : 0;
    }

    private static int fold(byte b) {
        int c = b & 0xff;
        if (c == '-') {
            return '_';
        }
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
