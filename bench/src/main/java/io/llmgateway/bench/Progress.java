package io.llmgateway.bench;

import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** The suite's own progress lines on the console (every log line goes to the run's log file). */
final class Progress {

    private Progress() {}

    static void say(String line) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + line);
        System.out.flush();
    }
}
