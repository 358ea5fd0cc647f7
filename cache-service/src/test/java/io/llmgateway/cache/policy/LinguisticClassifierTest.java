package io.llmgateway.cache.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmgateway.cache.language.Lexicon;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * The rules, one structure per case, on prompts written for this test (not taken from the
 * labelled sets): each category's cue and a look-alike that must stay cacheable.
 */
class LinguisticClassifierTest {

    private final LinguisticClassifier rules = new LinguisticClassifier(Lexicon.shared(),
            Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));

    private Cacheability judge(String prompt) {
        return rules.classify("", prompt);
    }

    @Test
    void chanceIsRecognisedAndAWordNetEntryWithRandomIsNot() {
        assertThat(judge("Flip a coin for me.").category()).isEqualTo(Category.RANDOMNESS);
        assertThat(judge("Mango or papaya?").category()).isEqualTo(Category.RANDOMNESS);
        assertThat(judge("Name a colour.").category()).isEqualTo(Category.RANDOMNESS);
        assertThat(judge("What is a random walk in probability theory?").cacheable()).isTrue();
    }

    @Test
    void theAskerAndWhatIsNotShownArePersonalButAProcedureIsNot() {
        assertThat(judge("How many vacation days do I have left?").category()).isEqualTo(Category.PERSONAL);
        assertThat(judge("Tidy up this paragraph.").category()).isEqualTo(Category.PERSONAL);
        assertThat(judge("Translate the email I forwarded into Dutch.").category()).isEqualTo(Category.PERSONAL);
        assertThat(judge("How do I change my username on Reddit?").cacheable()).isTrue();
    }

    @Test
    void thePresentStateOfSomethingIsTimeSensitiveAndAFinishedEventIsNot() {
        assertThat(judge("Who is the mayor of Lisbon?").category()).isEqualTo(Category.TIME_SENSITIVE);
        assertThat(judge("Is the Prado open?").category()).isEqualTo(Category.TIME_SENSITIVE);
        assertThat(judge("What's the weather in Reykjavik tonight?").category()).isEqualTo(Category.TIME_SENSITIVE);
        assertThat(judge("Who was the first mayor of Lisbon?").cacheable()).isTrue();
        assertThat(judge("Who won the 1986 World Cup?").cacheable()).isTrue();
    }

    @Test
    void makingSomethingOriginalIsCreativeButCodeIsNot() {
        assertThat(judge("Compose a limerick about a sleepy walrus.").category()).isEqualTo(Category.CREATIVE);
        assertThat(judge("A eulogy for a retired ferry.").category()).isEqualTo(Category.CREATIVE);
        assertThat(judge("Write a Python function that reverses a linked list.").cacheable()).isTrue();
    }

    @Test
    void quotedTitlesAskNothing() {
        assertThat(judge("Who directed 'Before Sunrise'?").cacheable()).isTrue();
    }

    @Test
    void aSystemPromptThatDescribesTheUserMakesTheAnswerTheirs() {
        Cacheability judged = rules.classify("The customer's plan is Gold and their city is Porto.",
                "What is the boiling point of water?");
        assertThat(judged.category()).isEqualTo(Category.PERSONAL);
    }

    @Test
    void theReasonNamesAFeatureNotWordsOfThePrompt() {
        Cacheability judged = judge("Who is the mayor of Lisbon?");
        assertThat(judged.reason()).startsWith("time_sensitive: ").doesNotContainIgnoringCase("lisbon")
                .doesNotContainIgnoringCase("mayor");
    }
}
