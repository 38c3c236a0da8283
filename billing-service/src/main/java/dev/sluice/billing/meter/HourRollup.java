package dev.sluice.billing.meter;

import dev.sluice.billing.pricing.BillingMethod;
import dev.sluice.billing.pricing.Phase;
import dev.sluice.billing.pricing.TaskActivity;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Combines the usage touching one hour into one total per phase. Pure: the same usage gives the same totals in any order. */
public final class HourRollup {

    /**
     * @param active the task was RUNNING or RETRYING in this phase at some time in the hour
     * @param classes the instance classes reported while active (all reported ones when never active)
     * @param claimsSubscription some record said the task is on a subscription
     */
    public record PhaseTotal(Phase phase, long rows, long bytes, boolean active, Collection<String> classes, String account,
            boolean claimsSubscription) {
    }

    private HourRollup() {
    }

    public static List<PhaseTotal> of(Collection<UsageGroup> touching) {
        Map<Phase, List<UsageGroup>> byPhase = new EnumMap<>(Phase.class);
        for (UsageGroup g : touching) {
            byPhase.computeIfAbsent(Phase.valueOf(g.phase()), p -> new ArrayList<>()).add(g);
        }
        List<PhaseTotal> out = new ArrayList<>();
        byPhase.forEach((phase, groups) -> out.add(total(phase, groups)));
        return out;
    }

    private static PhaseTotal total(Phase phase, List<UsageGroup> groups) {
        long rows = 0;
        long bytes = 0;
        TreeSet<String> activeClasses = new TreeSet<>();
        TreeSet<String> allClasses = new TreeSet<>();
        String account = "";
        boolean claimsSubscription = false;
        for (UsageGroup g : groups) {
            rows += g.rows();
            bytes += g.bytes();
            allClasses.add(g.instanceClass());
            if (TaskActivity.valueOf(g.state()).billable()) {
                activeClasses.add(g.instanceClass());
            }
            // a task has one account; taking the greatest keeps the result independent of order all the same
            if (g.account().compareTo(account) > 0) {
                account = g.account();
            }
            claimsSubscription |= BillingMethod.SUBSCRIPTION.text.equals(g.billingMethod());
        }
        boolean active = !activeClasses.isEmpty();
        return new PhaseTotal(phase, rows, bytes, active, active ? activeClasses : allClasses, account, claimsSubscription);
    }
}
