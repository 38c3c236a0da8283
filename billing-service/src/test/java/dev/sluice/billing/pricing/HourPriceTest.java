package dev.sluice.billing.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The charge rule for one metered hour, without a database. */
class HourPriceTest {

    private static final PriceList PRICES = TestPrices.PRICES;

    @Test
    void schemaAndFullAreFreeEvenWhenRunning() {
        assertThat(HourPrice.of(PRICES, Phase.SCHEMA, "large", true, false).charge()).isZero();
        assertThat(HourPrice.of(PRICES, Phase.FULL, "large", true, false).charge()).isZero();
        assertThat(HourPrice.of(PRICES, Phase.FULL, "large", true, false).unitPrice()).isZero();
    }

    @Test
    void anActiveIncrementalHourCostsItsClassPrice() {
        HourPrice p = HourPrice.of(PRICES, Phase.INCREMENTAL, "small", true, false);

        assertThat(p.method()).isEqualTo(BillingMethod.PAYG);
        assertThat(p.unitPrice()).isEqualByComparingTo("0.50");
        assertThat(p.charge()).isEqualByComparingTo("0.50");
        assertThat(HourPrice.of(PRICES, Phase.INCREMENTAL, "large", true, false).charge()).isEqualByComparingTo("2.00");
    }

    @Test
    void anInactiveHourCostsNothingButKeepsItsUnitPrice() {
        HourPrice p = HourPrice.of(PRICES, Phase.INCREMENTAL, "small", false, false);

        assertThat(p.charge()).isZero();
        assertThat(p.unitPrice()).isEqualByComparingTo("0.50");
    }

    @Test
    void anHourInsideASubscriptionIsFree() {
        HourPrice p = HourPrice.of(PRICES, Phase.INCREMENTAL, "large", true, true);

        assertThat(p.method()).isEqualTo(BillingMethod.SUBSCRIPTION);
        assertThat(p.charge()).isZero();
        assertThat(p.unitPrice()).isZero();
    }

    @Test
    void onlyRunningAndRetryingAreBillable() {
        assertThat(List.of(TaskActivity.values())).filteredOn(TaskActivity::billable)
                .containsExactly(TaskActivity.RUNNING, TaskActivity.RETRYING);
    }

    @Test
    void aResizedHourTakesTheMostExpensiveClass() {
        assertThat(PRICES.mostExpensive(List.of("small", "large"))).isEqualTo("large");
        assertThat(PRICES.mostExpensive(List.of("large", "small"))).isEqualTo("large");
        assertThat(PRICES.mostExpensive(List.of(""))).isEmpty();
    }

    @Test
    void anUnconfiguredClassIsAnErrorNotAFreeHour() {
        assertThatThrownBy(() -> HourPrice.of(PRICES, Phase.INCREMENTAL, "gone", true, false))
                .hasMessageContaining("instance class 'gone'");
    }

    @Test
    void moneyHasTwoDecimalsOrMoreWhenThePriceNeedsThem() {
        assertThat(Money.text(new BigDecimal("1.5000"))).isEqualTo("1.50");
        assertThat(Money.text(BigDecimal.ZERO)).isEqualTo("0.00");
        assertThat(Money.text(new BigDecimal("11520.0000"))).isEqualTo("11520.00");
        assertThat(Money.text(new BigDecimal("0.1250"))).isEqualTo("0.125");
        assertThat(Money.text(new BigDecimal("0.125").multiply(BigDecimal.valueOf(3)))).isEqualTo("0.375");
    }
}
