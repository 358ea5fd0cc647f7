package io.llmgateway.cache.verify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * One check of the verifier per test, each with a pair it must accept or reject. The questions
 * are written for these tests, not taken from the labelled sets.
 */
class ParaphraseVerifierTest {

    private final ParaphraseVerifier verifier = new ParaphraseVerifier(new QuestionReader());

    private Verdict verify(String asked, String cached) {
        return verifier.verify(asked, cached);
    }

    @Test
    void aRewordedQuestionWithTheSameTopicIsAccepted() {
        assertThat(verify("How can I turn a string into an integer in JavaScript?",
                "How do I turn a string into an integer in JavaScript?").accepted()).isTrue();
        assertThat(verify("Which river is the longest in Europe?", "What is the longest river in Europe?")
                .accepted()).isTrue();
        assertThat(verify("What's the capital of Peru?", "What is Peru's capital?").accepted()).isTrue();
    }

    @Test
    void wordNetSynonymsAndDerivationsAlign() {
        assertThat(verify("Who is the inventor of the phonograph?", "Who was the inventor of the phonograph?")
                .accepted()).as("tense still counts").isFalse();
        assertThat(verify("When did the automobile become common?", "When did the car become common?").accepted())
                .isTrue();
        assertThat(verify("Who was the founder of the Ottoman Empire?", "Who founded the Ottoman Empire?").accepted())
                .isTrue();
    }

    @Test
    void aNounThatNamesTheKindOfAnswerReadsAsThatKind() {
        assertThat(verify("What is the top speed of a cheetah?", "How fast is a cheetah at top speed?").accepted())
                .as("the topic word 'top' stays").isFalse();
        assertThat(verify("What is the speed of a cheetah?", "How fast is a cheetah?").accepted()).isTrue();
        assertThat(verify("In what year did the Suez Canal open?", "When did the Suez Canal open?").accepted())
                .isTrue();
        assertThat(verify("In what year did the Suez Canal open?", "In what month did the Suez Canal open?")
                .accepted()).isFalse();
    }

    @Test
    void anotherQuestionWordIsRejected() {
        Verdict verdict = verify("Why did the Western Roman Empire fall?", "When did the Western Roman Empire fall?");
        assertThat(verdict.accepted()).isFalse();
        assertThat(verdict.reason()).isEqualTo("question type differs");
        assertThat(verify("Where was Marie Curie born?", "When was Marie Curie born?").accepted()).isFalse();
    }

    @Test
    void anotherOperatorOrNumberIsRejected() {
        assertThat(verify("What is 48 - 6?", "What is 48 + 6?").reason()).isEqualTo("numbers or operators differ");
        assertThat(verify("What is 9 times 7?", "What is 9 plus 7?").accepted()).isFalse();
        assertThat(verify("What is the factorial of 6?", "What is the factorial of 5?").accepted()).isFalse();
        assertThat(verify("Summarize it in three bullet points.", "Summarize it in 3 bullet points.").accepted())
                .isTrue();
    }

    @Test
    void swappedArgumentsOfARelationAreRejected() {
        assertThat(verify("How do I turn a tuple into a list in Python?",
                "How do I turn a list into a tuple in Python?").accepted()).isFalse();
        assertThat(verify("Why does my CSS grid work in Safari but not in Edge?",
                "Why does my CSS grid work in Edge but not in Safari?").reason()).isEqualTo("roles differ");
        assertThat(verify("How do you convert miles to kilometres?", "How do you convert kilometres to miles?")
                .accepted()).isFalse();
        assertThat(verify("Is a rhombus a square?", "Is a square a rhombus?").reason()).isEqualTo("order differs");
    }

    @Test
    void negationQuantifiersModalsAndTenseMustAgree() {
        assertThat(verify("Why doesn't the kernel module load?", "Why does the kernel module load?").reason())
                .isEqualTo("negation differs");
        assertThat(verify("Do all spiders spin webs?", "Do some spiders spin webs?").reason())
                .isEqualTo("quantifier differs");
        assertThat(verify("Must I register a drone in Canada?", "Can I register a drone in Canada?").reason())
                .isEqualTo("modality differs");
        assertThat(verify("Was Constantinople the capital of the Ottoman Empire?",
                "Is Constantinople the capital of the Ottoman Empire?").reason()).isEqualTo("tense differs");
    }

    @Test
    void anotherNameOrTopicIsRejected() {
        assertThat(verify("What is the capital of Slovenia?", "What is the capital of Slovakia?").accepted())
                .isFalse();
        assertThat(verify("How do I declare an array in C++?", "How do I declare an array in C?").accepted())
                .isFalse();
        assertThat(verify("Explain photosynthesis to a child.", "Explain photosynthesis to an expert.").accepted())
                .isFalse();
        assertThat(verify("What is the largest moon of Saturn?", "What is the smallest moon of Saturn?").accepted())
                .isFalse();
    }

    @Test
    void aReasonNeverQuotesTheCachedQuestion() {
        String cached = "What is the capital of Slovakia?";
        Verdict verdict = verify("What is the capital of Slovenia?", cached);
        assertThat(verdict.reason()).doesNotContainIgnoringCase("slovakia").doesNotContainIgnoringCase("capital");
        assertThat(verify("What is 48 - 6?", "What is 48 + 6?").reason()).doesNotContain("48");
    }
}
