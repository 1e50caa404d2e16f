package io.flywheel.cli.scheduler;

import java.util.List;

/** The batch jobs the scheduler may start, and the chain they form. */
public final class Chains {
    /**
     * The learning chain's steps in one Spark JVM (see {@link #CYCLE}): one JVM start and a warm
     * session instead of four; the demo's learning steps run it. A failure retries the whole chain.
     */
    public static final String LEARN = "learn";

    /** Every job {@code BatchJobMain} runs on its own. */
    public static final List<String> JOBS =
            List.of("ingest", "curate", "train", "recommend", "experiments", "maintenance", LEARN);

    /** The learning chain: each step reads what the one before wrote, each in its own JVM. */
    public static final List<String> CYCLE = List.of("ingest", "curate", "train", "recommend");

    private Chains() {}

    /**
     * The steps of {@code cycle}, or the one job named.
     *
     * @throws IllegalArgumentException for anything else (no other text ever reaches a command)
     */
    public static List<String> steps(String chain) {
        if (chain.equals("cycle")) {
            return CYCLE;
        }
        if (JOBS.contains(chain)) {
            return List.of(chain);
        }
        throw new IllegalArgumentException(
                "unknown job '" + chain + "'; one of cycle, " + String.join(", ", JOBS));
    }
}
