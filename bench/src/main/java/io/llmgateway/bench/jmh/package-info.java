/**
 * JMH benchmarks of the request path's hot code, one class per concern; {@code ./bench/run}
 * runs them all (short settings) and puts their scores in the report.
 *
 * <p>Here now: message serdes ({@link io.llmgateway.bench.jmh.SerdeBenchmark}), input token
 * counting ({@link io.llmgateway.bench.jmh.TokenCountBenchmark}), and the ingress's body
 * parsing and mapping ({@link io.llmgateway.bench.jmh.IngressRequestBenchmark}).
 *
 * <p>To add as their code lands (issue 7 asks for them): {@code CacheKeyBenchmark} (canonical
 * exact-cache key), {@code EmbeddingBenchmark} (the in-process sentence model, per prompt),
 * {@code LuceneLookupBenchmark} (filtered kNN at 10k and 100k entries), and
 * {@code SafetyFilterBenchmark}. Each goes in this package, depends on its module from this
 * module's POM, and is picked up by the suite's JMH run without further wiring (the run selects
 * every benchmark under {@code io.llmgateway.bench.jmh}).
 */
package io.llmgateway.bench.jmh;
