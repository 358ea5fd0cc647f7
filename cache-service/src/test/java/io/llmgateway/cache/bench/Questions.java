package io.llmgateway.cache.bench;

import java.util.ArrayList;
import java.util.List;

/** Generated factual questions for the benchmark: subjects crossed with question templates. */
final class Questions {

    private static final String[] SUBJECTS = {
        "a hash map", "a linked list", "a binary heap", "a trie", "a B-tree", "a red-black tree", "a bloom filter",
        "a skip list", "a ring buffer", "a semaphore", "a mutex", "a thread pool", "a coroutine", "a closure",
        "a monad", "a generic type", "an interface", "an abstract class", "a lambda", "a decorator", "a generator",
        "an iterator", "a promise", "a future", "a callback", "an event loop", "a garbage collector",
        "a JIT compiler", "an interpreter", "a linker", "a loader", "a virtual machine", "a container",
        "a hypervisor", "a kernel", "a system call", "a file descriptor", "a socket", "a pipe", "a signal",
        "a process", "a thread", "a page table", "a TLB", "a cache line", "a branch predictor", "a GPU",
        "a TPU", "an FPGA", "an ASIC", "DNS", "TCP", "UDP", "QUIC", "TLS", "HTTP/2", "HTTP/3", "gRPC", "REST",
        "GraphQL", "OAuth", "OpenID Connect", "JWT", "SAML", "Kerberos", "LDAP", "a load balancer",
        "a reverse proxy", "a CDN", "a message queue", "Kafka", "RabbitMQ", "Redis", "PostgreSQL", "MySQL",
        "SQLite", "MongoDB", "Cassandra", "Elasticsearch", "Lucene", "Spark", "Flink", "Hadoop", "Kubernetes",
        "Docker", "Terraform", "Ansible", "Git", "a merge conflict", "a rebase", "a cherry-pick", "a pull request",
        "continuous integration", "blue-green deployment", "a canary release", "a feature flag",
        "a circuit breaker", "a rate limiter", "a retry policy", "idempotency", "eventual consistency",
        "the CAP theorem", "Paxos", "Raft", "a vector clock", "a CRDT", "a Merkle tree", "a consistent hash",
        "sharding", "replication", "a write-ahead log", "an LSM tree", "MVCC", "a deadlock", "a race condition",
        "a memory leak", "a buffer overflow", "SQL injection", "cross-site scripting", "CSRF", "a hash function",
        "AES", "RSA", "elliptic curve cryptography", "a digital signature", "a certificate authority",
        "photosynthesis", "mitosis", "meiosis", "DNA replication", "an enzyme", "a vaccine", "an antibody",
        "a virus", "a bacterium", "the immune system", "the nervous system", "a neuron", "a synapse",
        "the heart", "the liver", "the kidneys", "insulin", "cholesterol", "a black hole", "a neutron star",
        "a supernova", "a galaxy", "dark matter", "the Big Bang", "gravity", "relativity", "quantum entanglement",
        "a photon", "an electron", "a quark", "entropy", "a catalyst", "an acid", "a base", "oxidation",
        "plate tectonics", "a volcano", "an earthquake", "a tsunami", "a hurricane", "the water cycle",
        "the greenhouse effect", "ocean currents", "inflation", "a recession", "interest", "compound interest",
        "a bond", "a stock", "an index fund", "a derivative", "supply and demand", "opportunity cost",
        "comparative advantage", "a tariff", "a central bank", "the Renaissance", "the Industrial Revolution",
        "the Roman Empire", "the Silk Road", "feudalism", "the printing press", "the Magna Carta"};

    private static final String[] TEMPLATES = {
        "What is %s?", "How does %s work?", "What is %s used for?", "What are the advantages of %s?",
        "What are the disadvantages of %s?", "Give an example of %s.", "What problem does %s solve?",
        "Who invented %s?", "What is the history of %s?", "How do I explain %s to a beginner?"};

    private Questions() {}

    static List<String> generate(int count) {
        List<String> questions = new ArrayList<>(count);
        outer:
        for (String template : TEMPLATES) {
            for (String subject : SUBJECTS) {
                questions.add(String.format(template, subject));
                if (questions.size() == count) {
                    break outer;
                }
            }
        }
        return questions;
    }
}
