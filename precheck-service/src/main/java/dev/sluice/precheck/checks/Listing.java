package dev.sluice.precheck.checks;

import java.util.List;

/** Lists in details stay readable: a task may select thousands of tables, a result shows the first few and a count. */
final class Listing {

    static final int MAX_ITEMS = 20;

    private Listing() {
    }

    static String of(List<String> items) {
        return of(items, "; ");
    }

    static String of(List<String> items, String separator) {
        if (items.size() <= MAX_ITEMS) {
            return String.join(separator, items);
        }
        return String.join(separator, items.subList(0, MAX_ITEMS)) + separator + "and " + (items.size() - MAX_ITEMS) + " more";
    }

    static String count(long n, String singular, String plural) {
        return String.format("%,d %s", n, n == 1 ? singular : plural);
    }
}
