package dev.sluice.precheck.checks;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The source's version as VERSION() prints it, e.g. 10.11.19-MariaDB-0+deb12u1-log. */
record ServerVersion(int major, int minor, int patch, boolean mariadb, String text) {

    // Old clients needed "5.5.5-" in front of 10.x versions; some proxies still print it.
    private static final Pattern NUMBERS = Pattern.compile("^(?:5\\.5\\.5-)?(\\d+)\\.(\\d+)\\.(\\d+)");

    /** @return null when the text has no version number */
    static ServerVersion parse(String version, String comment) {
        if (version == null) {
            return null;
        }
        Matcher m = NUMBERS.matcher(version);
        if (!m.find()) {
            return null;
        }
        String both = (version + " " + (comment == null ? "" : comment)).toLowerCase(Locale.ROOT);
        return new ServerVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                both.contains("mariadb"), version);
    }

    boolean atLeast(int major, int minor) {
        return this.major > major || this.major == major && this.minor >= minor;
    }

    String number() {
        return major + "." + minor + "." + patch;
    }
}
