package dev.sluice.capture.binlog;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MariaDB's replication position as a GTID list, one domain-server-sequence per domain, advanced
 * transaction by transaction. Its text is what MariaDB accepts as @slave_connect_state.
 */
final class GtidState {

    private final Map<Long, String> byDomain = new LinkedHashMap<>();

    GtidState(String initial) {
        if (initial != null && !initial.isBlank()) {
            for (String part : initial.split(",")) {
                String p = part.strip();
                if (!p.isEmpty()) {
                    byDomain.put(Long.parseLong(p.substring(0, p.indexOf('-'))), p);
                }
            }
        }
    }

    void advance(long domain, long serverId, long sequence) {
        byDomain.put(domain, domain + "-" + serverId + "-" + sequence);
    }

    @Override
    public String toString() {
        return String.join(",", byDomain.values());
    }
}
