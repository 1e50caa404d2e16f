package io.flywheel.streaming.ops;

import io.flywheel.schemas.BudgetBreached;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventCodec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Keyed by UTC day (the budget period): adds each attempt's cost to the day's spend and emits one
 * {@code BudgetBreached} the first time the spend reaches the budget, not one per event. A new day
 * is a new key with nothing spent, so the breach clears when the budget resets; old days expire
 * from state. Emits the day's status on every change for the {@code ops_budget_days} table.
 */
public final class BudgetGuard extends KeyedProcessFunction<String, RenderStep, BudgetDay> {
    private static final long serialVersionUID = 1L;

    /** Encoded BudgetBreached events for {@code flywheel.control}. */
    public static final OutputTag<byte[]> BREACHES = new OutputTag<>("budget-breaches") {};

    private final long budgetMicroUsd;
    private transient ValueState<BudgetDay> day;
    private transient EventCodec codec;

    public BudgetGuard(long budgetMicroUsd) {
        this.budgetMicroUsd = budgetMicroUsd;
    }

    public static String dayOf(long epochMs) {
        return Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC).toLocalDate().toString();
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<BudgetDay> d = new ValueStateDescriptor<>("day", BudgetDay.class);
        d.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofDays(3)).build());
        day = getRuntimeContext().getState(d);
        codec = EventCodec.standard();
    }

    @Override
    public void processElement(RenderStep s, Context ctx, Collector<BudgetDay> out)
            throws Exception {
        if (!s.isAttempt()) {
            return;
        }
        BudgetDay d = day.value();
        if (d == null) {
            d = new BudgetDay();
            d.day = ctx.getCurrentKey();
            d.budgetMicroUsd = budgetMicroUsd;
        }
        d.spentMicroUsd += s.costMicroUsd;
        if (d.breachedAt == 0 && d.spentMicroUsd >= d.budgetMicroUsd) {
            d.breachedAt = s.eventTime;
            BudgetBreached b =
                    BudgetBreached.newBuilder()
                            .setEnvelope(
                                    Envelopes.create(
                                            BudgetBreached.class,
                                            Envelopes.producerName(PipelineOpsJob.NAME),
                                            UUID.randomUUID().toString(),
                                            s.eventTime))
                            .setBudgetPeriod(d.day)
                            .setBudgetMicroUsd(d.budgetMicroUsd)
                            .setSpentMicroUsd(d.spentMicroUsd)
                            .build();
            ctx.output(BREACHES, codec.encode(b));
        }
        day.update(d);
        out.collect(d);
    }
}
