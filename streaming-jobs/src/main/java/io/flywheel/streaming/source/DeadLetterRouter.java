package io.flywheel.streaming.source;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Sends dead letters to {@link #DEAD_LETTERS} (and counts them); passes decoded events on. */
public final class DeadLetterRouter extends ProcessFunction<Inbound, Inbound> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetterRecord> DEAD_LETTERS =
            new OutputTag<>("dead-letters") {};

    private transient Counter deadLetters;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(Inbound in, Context ctx, Collector<Inbound> out) {
        if (in.isDeadLetter()) {
            deadLetters.inc();
            ctx.output(DEAD_LETTERS, in.deadLetter);
        } else {
            out.collect(in);
        }
    }
}
