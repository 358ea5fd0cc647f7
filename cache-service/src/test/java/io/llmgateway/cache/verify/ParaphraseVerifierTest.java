package io.llmgateway.cache.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParaphraseVerifierTest {

    private final ParaphraseVerifier verifier = new ParaphraseVerifier(new QuestionReader());

    @Test
    void aRewordedQuestionWithTheSameTopicIsAccepted() {
        assertThat(verifier.verify("How can I convert a string into an integer in JavaScript?",
                "How do I convert a string to an integer in JavaScript?").accepted()).isTrue();
        assertThat(verifier.verify("Which mountain is the tallest in the world?",
                "What is the tallest mountain in the world?").accepted()).isTrue();
    }

    @Test
    void swappedDirectionIsRejected() {
        Verdict verdict = verifier.verify("How do I convert a tuple to a list in Python?",
                "How do I convert a list to a tuple in Python?");
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.reason()).startsWith("direction differs");
    }

    @Test
    void anotherNameIsRejected() {
        assertThat(verifier.verify("What is the capital of Slovenia?", "What is the capital of Slovakia?").reason())
                .startsWith("named entity differs");
        assertThat(verifier.verify("How do I declare an array in C++?", "How do I declare an array in C?")
                .accepted()).isFalse();
    }

    @Test
    void otherNumbersOrNumberWordsAreRejected() {
        assertThat(verifier.verify("What is the factorial of 6?", "What is the factorial of 5?").reason())
                .startsWith("numbers differ");
        assertThat(verifier.verify("Summarize it in three bullet points.", "Summarize it in 3 bullet points.")
                .accepted()).isTrue();
        assertThat(verifier.verify("Subtract 20 from 7.", "Subtract 7 from 20.").accepted()).isFalse();
    }

    @Test
    void negationIsRejectedAlsoWhenContracted() {
        assertThat(verifier.verify("Why doesn't my Docker container start?", "Why does my Docker container start?")
                .reason()).isEqualTo("negation differs");
    }

    @Test
    void swappedSubjectAndObjectAreRejected() {
        assertThat(verifier.verify("Is a rectangle a square?", "Is a square a rectangle?").reason())
                .startsWith("order differs");
    }

    @Test
    void theReasonNamesTaskFormatAudienceAndLanguage() {
        assertThat(verifier.verify("Write a binary search tree in Python.", "What is a binary search tree?")
                .reason()).startsWith("task differs");
        assertThat(verifier.verify("List the planets as a JSON array.", "List the planets.").reason())
                .startsWith("format differs");
        assertThat(verifier.verify("Explain quantum computing to a child.", "Explain quantum computing.").reason())
                .startsWith("audience differs");
        assertThat(verifier.verify("Explain what an API is, answering in German.", "Explain what an API is.")
                .reason()).startsWith("language differs");
    }
}
