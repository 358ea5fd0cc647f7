package io.llmgateway.accounting;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;

/** Which budget day and month a moment falls in, in the configured zone, and when they end. */
final class BudgetCalendar {

    /** The periods of one moment: {@code 2026-01-15} ending at {@code dayEndMs}, {@code 2026-01} at {@code monthEndMs}. */
    record Periods(String day, long dayEndMs, String month, long monthEndMs) {}

    private final ZoneId zone;

    BudgetCalendar(ZoneId zone) {
        this.zone = zone;
    }

    Periods at(long epochMs) {
        LocalDate date = Instant.ofEpochMilli(epochMs).atZone(zone).toLocalDate();
        YearMonth month = YearMonth.from(date);
        long dayEnd = date.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
        long monthEnd = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant().toEpochMilli();
        return new Periods(date.toString(), dayEnd, month.toString(), monthEnd);
    }
}
