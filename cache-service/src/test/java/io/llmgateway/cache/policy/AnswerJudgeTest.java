package io.llmgateway.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AnswerJudgeTest {

    private final AnswerJudge judge = new AnswerJudge();

    @Test
    void aPlainAnswerIsStored() {
        assertThat(judge.refusal("Water boils at 100 degrees Celsius at sea level.")).isEmpty();
        assertThat(judge.refusal("Use tuple(my_list) to turn a list into a tuple.")).isEmpty();
    }

    @Test
    void anAnswerThatHoldsOnlyAsOfADateIsNotStored() {
        assertThat(judge.refusal("As of my last update, the prime minister was Fumio Kishida.")).isPresent();
        assertThat(judge.refusal("I don't have real-time data, but gold traded near $2,000 in 2023.")).isPresent();
        assertThat(judge.refusal("My knowledge cutoff is 2024; check a live source.")).isPresent();
    }

    @Test
    void anAnswerThatNeedsTheAskersContextIsNotStored() {
        assertThat(judge.refusal("I can't see your calendar. Could you share the dates?")).isPresent();
        assertThat(judge.refusal("You haven't attached the document yet.")).isPresent();
    }

    @Test
    void aRefusalIsNotStored() {
        assertThat(judge.refusal("I'm sorry, but I can't help with that.")).isPresent();
        assertThat(judge.refusal("")).isPresent();
    }
}
