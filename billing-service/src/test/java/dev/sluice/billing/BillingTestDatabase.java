package dev.sluice.billing;

import dev.sluice.testkit.LocalDatabases;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A fresh database on the local PostgreSQL (deploy/local/db.sh) for the billing tests, and the
 * prices the tests' arithmetic is written against, so changing the shipped defaults breaks nothing here.
 */
public class BillingTestDatabase implements QuarkusTestResourceLifecycleManager {

    static final String DB = "sluice_billing_test";

    @Override
    public Map<String, String> start() {
        LocalDatabases dbs = LocalDatabases.get();
        try {
            dbs.recreatePgDatabase(DB);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot create " + DB + ": " + e.getMessage(), e);
        }
        return Map.ofEntries(
                Map.entry("quarkus.datasource.jdbc.url", dbs.pgUrl(DB)),
                Map.entry("quarkus.datasource.username", dbs.pgUser()),
                Map.entry("quarkus.datasource.password", dbs.pgPassword()),
                Map.entry("sluice.billing.classes.micro.price-per-hour", "0.25"),
                Map.entry("sluice.billing.classes.micro.price-per-month", "120.00"),
                Map.entry("sluice.billing.classes.small.price-per-hour", "0.50"),
                Map.entry("sluice.billing.classes.small.price-per-month", "240.00"),
                Map.entry("sluice.billing.classes.small.rows-per-second", "5000"),
                Map.entry("sluice.billing.classes.large.price-per-hour", "2.00"),
                Map.entry("sluice.billing.classes.large.price-per-month", "960.00"));
    }

    @Override
    public void stop() {
    }
}
