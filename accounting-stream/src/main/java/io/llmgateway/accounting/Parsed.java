package io.llmgateway.accounting;

import io.llmgateway.schemas.DeadLetter;

/**
 * The outcome of reading one raw input record: the message it holds, or the dead letter that
 * says why it holds none. The stream splits on it so that poison never reaches business logic.
 */
sealed interface Parsed<T> {

    record Valid<T>(T value) implements Parsed<T> {}

    record Invalid<T>(DeadLetter letter) implements Parsed<T> {}
}
