package io.llmgateway.launcher.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@link GatewayState} as the plain-text tables {@code ./gateway status} prints. */
public final class StatusTable {

    /** A tenant at or above this share of any limit is listed as near it. */
    public static final double NEAR_PERCENT = 80;

    private StatusTable() {}

    public static String format(GatewayState state) {
        StringBuilder out = new StringBuilder();
        out.append(state.gateway()).append("\n\n");
        table(out, List.of("SERVICE", "STATE"), state.services().stream()
                .map(s -> List.of(s.name(), s.state())).toList());
        table(out, List.of("CONSUMER GROUP", "LAG", "PARTITIONS"), state.lags().stream()
                .map(l -> List.of(l.group(), Long.toString(l.lag()), Integer.toString(l.partitions()))).toList());
        table(out, List.of("BREAKER (deployment)", "STATE", "FAILURE RATE", "CALLS"), state.breakers().stream()
                .map(b -> List.of(b.deployment(), b.state(), b.failureRate() < 0 ? "-" : percent(b.failureRate()),
                        Integer.toString(b.bufferedCalls()))).toList());
        out.append("CACHE: ").append(state.cacheEntries() == null ? "unknown"
                : state.cacheEntries() + " entries in " + state.cacheShards() + " shard(s)").append("\n\n");
        table(out, List.of("TENANT", "REQUESTS/MIN", "TOKENS/MIN", "TODAY", "THIS MONTH"), state.tenants().stream()
                .map(t -> List.of(t.tenant(), use(t.requests()), use(t.tokens()), use(t.daily()), use(t.monthly())))
                .toList());
        List<String> near = new ArrayList<>();
        state.tenants().stream().filter(t -> t.highestPercent() >= NEAR_PERCENT)
                .forEach(t -> near.add(t.tenant() + " (" + percent(t.highestPercent()) + ")"));
        out.append("NEAR A LIMIT (>= ").append(percent(NEAR_PERCENT)).append("): ")
                .append(near.isEmpty() ? "none" : String.join(", ", near)).append('\n');
        return out.toString();
    }

    private static String use(GatewayState.Use use) {
        return use.percent() < 0 ? "-" : use.used() + " / " + use.limit() + " (" + percent(use.percent()) + ")";
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.0f%%", value);
    }

    /** Left-aligned columns as wide as their widest cell; "(none)" for an empty table. */
    private static void table(StringBuilder out, List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format(Locale.ROOT, "%-" + widths[i] + "s  ",
                        row.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        if (rows.isEmpty()) {
            out.append("(none)\n");
        }
        out.append('\n');
    }
}
