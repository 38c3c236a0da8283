package dev.sluice.billing.meter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.billing.pricing.Phase;
import java.util.List;
import org.junit.jupiter.api.Test;

class HourRollupTest {

    @Test
    void sumsPerPhaseAndIsActiveIfAnyRecordRanOrRetried() {
        List<HourRollup.PhaseTotal> totals = HourRollup.of(List.of(
                new UsageGroup("INCREMENTAL", "small", "RUNNING", "payg", "", 10, 100),
                new UsageGroup("INCREMENTAL", "small", "PAUSED", "payg", "", 0, 0),
                new UsageGroup("INCREMENTAL", "large", "RETRYING", "payg", "", 5, 50),
                new UsageGroup("FULL", "small", "STOPPED", "payg", "", 7, 70)));

        assertThat(totals).extracting(HourRollup.PhaseTotal::phase).containsExactly(Phase.FULL, Phase.INCREMENTAL);
        HourRollup.PhaseTotal incremental = totals.get(1);
        assertThat(incremental.rows()).isEqualTo(15);
        assertThat(incremental.bytes()).isEqualTo(150);
        assertThat(incremental.active()).isTrue();
        assertThat(incremental.classes()).containsExactly("large", "small");
        assertThat(totals.get(0).active()).isFalse();
    }

    @Test
    void onlyTheClassesSeenWhileActiveCount() {
        HourRollup.PhaseTotal total = HourRollup.of(List.of(
                new UsageGroup("INCREMENTAL", "small", "RUNNING", "payg", "", 1, 1),
                new UsageGroup("INCREMENTAL", "large", "PAUSED", "payg", "", 0, 0))).get(0);

        assertThat(total.classes()).containsExactly("small");
    }

    @Test
    void aPausedOnlyHourIsInactiveAndKeepsItsClasses() {
        HourRollup.PhaseTotal total = HourRollup.of(List.of(
                new UsageGroup("INCREMENTAL", "small", "PAUSED", "subscription", "acme", 0, 0))).get(0);

        assertThat(total.active()).isFalse();
        assertThat(total.classes()).containsExactly("small");
        assertThat(total.account()).isEqualTo("acme");
        assertThat(total.claimsSubscription()).isTrue();
    }
}
