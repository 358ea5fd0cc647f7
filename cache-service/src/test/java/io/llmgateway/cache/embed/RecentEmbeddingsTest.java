package io.llmgateway.cache.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The memo only skips work: same vectors as the model, a miss embeds, the bound holds. */
class RecentEmbeddingsTest {

    private static MiniLmEmbedder model;

    @BeforeAll
    static void load() {
        model = new MiniLmEmbedder();
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void theFeedGetsTheVectorTheModelWouldHaveComputedWithoutRunningItAgain() {
        CountingEmbedder counting = new CountingEmbedder(model);
        RecentEmbeddings memo = new RecentEmbeddings(counting, 10);
        String question = "How do I convert a list to a tuple in Python?";

        float[] looked = memo.embedRemembering(question);
        float[] fed = memo.embedReusing(question);

        assertThat(counting.callsFor(question)).isEqualTo(1);
        assertThat(fed).containsExactly(model.embed(question)).containsExactly(looked);
        assertThat(fed).as("each caller gets its own array").isNotSameAs(looked);
        assertThat(memo.hits()).isEqualTo(1);
        assertThat(memo.misses()).isEqualTo(1);
    }

    @Test
    void aMissSimplyEmbedsAndTheFeedDoesNotFillTheMemo() {
        CountingEmbedder counting = new CountingEmbedder(model);
        RecentEmbeddings memo = new RecentEmbeddings(counting, 10);
        String question = "What is the capital of Slovakia?";

        float[] fed = memo.embedReusing(question);

        assertThat(fed).containsExactly(model.embed(question));
        assertThat(memo.size()).as("a rebuild must not push out the lookups' vectors").isZero();
        memo.embedReusing(question);
        assertThat(counting.callsFor(question)).isEqualTo(2);
        assertThat(memo.misses()).isEqualTo(2);
    }

    @Test
    void aRepeatedLookupReusesTheVector() {
        CountingEmbedder counting = new CountingEmbedder(model);
        RecentEmbeddings memo = new RecentEmbeddings(counting, 10);

        memo.embedRemembering("What is DNS?");
        memo.embedRemembering("What is DNS?");

        assertThat(counting.callsFor("What is DNS?")).isEqualTo(1);
    }

    @Test
    void theOldestVectorGoesFirstWhenFull() {
        CountingEmbedder counting = new CountingEmbedder(model);
        RecentEmbeddings memo = new RecentEmbeddings(counting, 2);

        memo.embedRemembering("one");
        memo.embedRemembering("two");
        memo.embedRemembering("one"); // a reuse does not keep it longer
        memo.embedRemembering("three");

        assertThat(memo.size()).isEqualTo(2);
        memo.embedReusing("one");
        memo.embedReusing("two");
        memo.embedReusing("three");
        assertThat(counting.callsFor("one")).isEqualTo(2);
        assertThat(counting.callsFor("two")).isEqualTo(1);
        assertThat(counting.callsFor("three")).isEqualTo(1);
    }

    @Test
    void aFailedEmbeddingIsNotRemembered() {
        RecentEmbeddings memo = new RecentEmbeddings(new Embedder() {
            @Override
            public int dimension() {
                return 384;
            }

            @Override
            public float[] embed(String text) {
                throw new EmbeddingException("provider down");
            }

            @Override
            public void close() {
            }
        }, 10);

        assertThatThrownBy(() -> memo.embedRemembering("What is DNS?")).isInstanceOf(EmbeddingException.class);
        assertThat(memo.size()).isZero();
    }

    @Test
    void capacityZeroRemembersNothing() {
        CountingEmbedder counting = new CountingEmbedder(model);
        RecentEmbeddings memo = new RecentEmbeddings(counting, 0);

        memo.embedRemembering("What is DNS?");
        memo.embedReusing("What is DNS?");

        assertThat(counting.callsFor("What is DNS?")).isEqualTo(2);
    }
}
