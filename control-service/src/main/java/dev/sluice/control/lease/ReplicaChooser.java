package dev.sluice.control.lease;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Picks the replica a task runs on: where it runs now if that one is up, else the least loaded one that is up. */
public final class ReplicaChooser {

    private ReplicaChooser() {
    }

    /**
     * @param replicas every configured replica, in configuration order (ties go to the earlier one)
     * @param up the replicas that answered the last probe
     * @param load assigned tasks per replica
     * @param current where the task runs now, or null
     * @return the chosen replica; when none is up, the current one (or the first): moving would not help
     */
    public static String choose(List<String> replicas, Set<String> up, Map<String, Integer> load, String current) {
        if (current != null && up.contains(current)) {
            return current;
        }
        return replicas.stream().filter(up::contains)
                .min(Comparator.comparingInt((String r) -> load.getOrDefault(r, 0)).thenComparingInt(replicas::indexOf))
                .orElse(current != null ? current : replicas.get(0));
    }
}
