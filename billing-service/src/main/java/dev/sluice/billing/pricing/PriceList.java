package dev.sluice.billing.pricing;

import dev.sluice.billing.InvalidRequestException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The configured instance classes and their prices. */
@ApplicationScoped
public class PriceList {

    public record InstanceClass(String name, BigDecimal pricePerHour, BigDecimal pricePerMonth, long rowsPerSecond) {
    }

    private final Map<String, InstanceClass> classes;
    private final List<Integer> subscriptionMonths;

    @Inject
    public PriceList(BillingConfig config) {
        this(toClasses(config), config.subscription().months());
    }

    /** For tests: a price list without configuration. */
    public PriceList(Map<String, InstanceClass> classes, List<Integer> subscriptionMonths) {
        this.classes = Map.copyOf(classes);
        this.subscriptionMonths = List.copyOf(subscriptionMonths);
    }

    private static Map<String, InstanceClass> toClasses(BillingConfig config) {
        return config.classes().entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> new InstanceClass(e.getKey(), e.getValue().pricePerHour(), e.getValue().pricePerMonth(),
                        e.getValue().rowsPerSecond())));
    }

    /** Cheapest first. */
    public List<InstanceClass> all() {
        return classes.values().stream()
                .sorted(Comparator.comparing(InstanceClass::pricePerHour).thenComparing(InstanceClass::name)).toList();
    }

    public boolean has(String name) {
        return classes.containsKey(name);
    }

    /** @throws InvalidRequestException naming {@code field} when no such class is configured */
    public InstanceClass require(String field, String name) {
        InstanceClass c = classes.get(name);
        if (c == null) {
            throw new InvalidRequestException(field, "unknown instance class '" + name + "' (known: "
                    + String.join(", ", all().stream().map(InstanceClass::name).toList()) + ")");
        }
        return c;
    }

    public InstanceClass get(String name) {
        InstanceClass c = classes.get(name);
        if (c == null) {
            throw new IllegalStateException("instance class '" + name + "' is used by stored usage but is not configured"
                    + " (sluice.billing.classes." + name + ".*)");
        }
        return c;
    }

    /**
     * The class an hour is billed at when a task reported several in it (it was resized): the most
     * expensive, like a started hour of the larger instance. Independent of the order reports arrive in.
     */
    public String mostExpensive(Collection<String> names) {
        return names.stream().filter(n -> !n.isEmpty()).map(this::get)
                .max(Comparator.comparing(InstanceClass::pricePerHour).thenComparing(InstanceClass::name))
                .map(InstanceClass::name).orElse("");
    }

    public List<Integer> subscriptionMonths() {
        return subscriptionMonths;
    }
}
