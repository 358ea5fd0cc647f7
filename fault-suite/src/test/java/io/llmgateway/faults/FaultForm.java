package io.llmgateway.faults;

import java.time.Duration;

/**
 * How hard the suite pushes: {@code short} fits CI (about three minutes of test time on two
 * cores), {@code long} ({@code -Dfaults.form=long}) runs more callers and more faults.
 */
record FaultForm(String name, int callersPerTenant, int routerKills, int brokerRestarts, Duration warmUp,
                 Duration betweenFaults, Duration brokerDown, Duration settle) {

    static final FaultForm SHORT = new FaultForm("short", 2, 2, 1, Duration.ofSeconds(5),
            Duration.ofSeconds(12), Duration.ofSeconds(10), Duration.ofSeconds(60));
    static final FaultForm LONG = new FaultForm("long", 4, 8, 3, Duration.ofSeconds(10),
            Duration.ofSeconds(20), Duration.ofSeconds(20), Duration.ofSeconds(120));

    static FaultForm fromSystemProperty() {
        String wanted = System.getProperty("faults.form", "short");
        return switch (wanted) {
            case "short", "" -> SHORT;
            case "long" -> LONG;
            default -> throw new IllegalArgumentException("faults.form: short or long, not " + wanted);
        };
    }

    @Override
    public String toString() {
        return name;
    }
}
