package dev.sluice.apply.verify;

import dev.sluice.v1.SourcePosition;
import java.util.Comparator;

/**
 * Orders binlog positions by file, then offset. Files compare by their numeric extension when both
 * have one (mysql-bin.000999 &lt; mysql-bin.1000000, where text order would fail), else as text.
 */
final class PositionOrder {

    static final Comparator<SourcePosition> ORDER = PositionOrder::compare;

    private PositionOrder() {
    }

    static int compare(SourcePosition a, SourcePosition b) {
        int files = compareFiles(a.getBinlogFile(), b.getBinlogFile());
        return files != 0 ? files : Long.compare(a.getBinlogPosition(), b.getBinlogPosition());
    }

    static int compareFiles(String a, String b) {
        int da = a.lastIndexOf('.');
        int db = b.lastIndexOf('.');
        if (da >= 0 && db >= 0 && a.substring(0, da).equals(b.substring(0, db))) {
            String xa = a.substring(da + 1);
            String xb = b.substring(db + 1);
            if (digits(xa) && digits(xb)) {
                return Long.compare(Long.parseLong(xa), Long.parseLong(xb));
            }
        }
        return a.compareTo(b);
    }

    private static boolean digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static String describe(SourcePosition p) {
        return p.getBinlogFile() + ":" + p.getBinlogPosition();
    }
}
