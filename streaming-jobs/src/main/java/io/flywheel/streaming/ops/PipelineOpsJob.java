package io.flywheel.streaming.ops;

import io.flywheel.config.StreamingSettings;
import io.flywheel.schemas.EventType;
import io.flywheel.schemas.Topic;
import io.flywheel.streaming.Endpoints;
import io.flywheel.streaming.KafkaEndpoints;
import io.flywheel.streaming.common.DedupeByEventId;
import io.flywheel.streaming.source.DeadLetterRecord;
import io.flywheel.streaming.source.DeadLetterRouter;
import io.flywheel.streaming.source.Inbound;
import io.flywheel.streaming.source.InboundDeserializer;
import io.flywheel.streaming.source.InboundWatermarks;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.apache.flink.api.common.functions.FilterFunction;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamSource;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * Pipeline operations and cost from {@code flywheel.render.events}: per stage and provider per
 * minute (attempts, failures, failure rate, latency p50/p95/p99 from a mergeable sketch, cost),
 * cost per content job and video, cost per provider per UTC day, and the {@link BudgetGuard}.
 */
public final class PipelineOpsJob {
    public static final String NAME = io.flywheel.config.StreamingSettings.OPS_JOB;

    private PipelineOpsJob() {}

    /** What the pipeline produces; each goes to a sink. */
    public record Streams(
            DataStream<StageMinute> stageMinutes,
            DataStream<CostTotal> jobCosts,
            DataStream<CostTotal> providerDays,
            DataStream<BudgetDay> budgetDays,
            DataStream<byte[]> breaches,
            DataStream<DeadLetterRecord> deadLetters) {}

    /** The topology, without sources and sinks; tests build it through the same method. */
    public static Streams topology(
            DataStream<Inbound> renderInput,
            long dailyBudgetMicroUsd,
            Duration allowedLateness,
            Duration dedupeTtl) {
        SingleOutputStreamOperator<Inbound> decoded =
                renderInput
                        .process(new DeadLetterRouter())
                        .name("render dead letters")
                        .uid("render-dead-letters")
                        .setParallelism(renderInput.getParallelism());
        // Costs are summed: a repeated event (producer retry, replay) must not count twice.
        SingleOutputStreamOperator<RenderStep> steps =
                decoded.map(new ToRenderStep())
                        .name("to render step")
                        .uid("to-render-step")
                        .setParallelism(renderInput.getParallelism())
                        .keyBy(new JobOfStep())
                        .process(
                                new DedupeByEventId<>(dedupeTtl, new EventIdOfStep()),
                                TypeInformation.of(RenderStep.class))
                        .name("dedupe render events")
                        .uid("dedupe-render-events");
        DataStream<RenderStep> attempts =
                steps.filter(new AttemptsOnly()).name("attempts only").uid("attempts-only");

        SingleOutputStreamOperator<StageMinute> minutes =
                attempts.keyBy(new StageProvider())
                        .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
                        .allowedLateness(allowedLateness)
                        .aggregate(new StageMinuteAggregate(), new StageMinuteResult())
                        .name("stage minutes")
                        .uid("stage-minutes");
        SingleOutputStreamOperator<CostTotal> jobCosts =
                steps.keyBy(new JobOfStep())
                        .process(new RunningCost())
                        .name("job cost")
                        .uid("job-cost");
        SingleOutputStreamOperator<CostTotal> providerDays =
                attempts.keyBy(new DayProvider())
                        .process(new RunningCost())
                        .name("provider daily cost")
                        .uid("provider-daily-cost");
        SingleOutputStreamOperator<BudgetDay> budget =
                attempts.keyBy(new DayOfStep())
                        .process(new BudgetGuard(dailyBudgetMicroUsd))
                        .name("budget guard")
                        .uid("budget-guard");
        return new Streams(
                minutes,
                jobCosts,
                providerDays,
                budget,
                budget.getSideOutput(BudgetGuard.BREACHES),
                decoded.getSideOutput(DeadLetterRouter.DEAD_LETTERS));
    }

    public static void attach(
            StreamExecutionEnvironment env,
            Endpoints e,
            StreamingSettings s,
            Duration watermarkStep) {
        DataStreamSource<Inbound> render =
                env.fromSource(
                        KafkaEndpoints.source(
                                e.bootstrapServers(),
                                List.of(e.topic(Topic.RENDER_EVENTS)),
                                e.groupId() + "-render",
                                new InboundDeserializer(
                                        NAME,
                                        EnumSet.of(
                                                EventType.STAGE_COMPLETED,
                                                EventType.STAGE_FAILED,
                                                EventType.VIDEO_RENDERED),
                                        EnumSet.of(EventType.STAGE_STARTED)),
                                e.bounded()),
                        InboundWatermarks.strategy(s.outOfOrderness(), watermarkStep, s.idleness()),
                        "render events source");
        render.uid("render-source");
        if (e.sourceParallelism() > 0) {
            render.setParallelism(e.sourceParallelism());
        }
        Streams out = topology(render, s.dailyBudgetMicroUsd(), s.allowedLateness(), s.dedupeTtl());
        out.stageMinutes()
                .sinkTo(OpsTables.stageMinutes(e.postgres()))
                .name("stage minutes to postgres")
                .uid("sink-stage-minutes-pg");
        out.jobCosts()
                .sinkTo(OpsTables.jobCosts(e.postgres()))
                .name("job costs to postgres")
                .uid("sink-job-costs-pg");
        out.providerDays()
                .sinkTo(OpsTables.providerDays(e.postgres()))
                .name("provider daily costs to postgres")
                .uid("sink-provider-days-pg");
        out.budgetDays()
                .sinkTo(OpsTables.budgetDays(e.postgres()))
                .name("budget days to postgres")
                .uid("sink-budget-days-pg");
        out.breaches()
                .sinkTo(
                        KafkaEndpoints.exactlyOnceSink(
                                e.bootstrapServers(),
                                e.transactionalIdPrefix() + "-control",
                                new ControlRecordSerializer(e.topic(Topic.CONTROL))))
                .name("budget breaches to control")
                .uid("sink-control");
        out.deadLetters()
                .sinkTo(
                        KafkaEndpoints.deadLetterSink(
                                e.bootstrapServers(),
                                e.topic(Topic.DLQ),
                                e.transactionalIdPrefix()))
                .name("dead letters to dlq")
                .uid("sink-dlq");
    }

    /**
     * This job alone on a cluster (e.g. application mode): the arguments of {@link
     * io.flywheel.streaming.ClusterJobs} without {@code --job}.
     */
    public static void main(String[] args) throws Exception {
        io.flywheel.streaming.ClusterJobs.mainOf(NAME, args);
    }

    static final class ToRenderStep implements MapFunction<Inbound, RenderStep> {
        private static final long serialVersionUID = 1L;

        @Override
        public RenderStep map(Inbound in) {
            return in.renderStep;
        }
    }

    static final class AttemptsOnly implements FilterFunction<RenderStep> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean filter(RenderStep s) {
            return s.isAttempt();
        }
    }

    static final class StageProvider implements KeySelector<RenderStep, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(RenderStep s) {
            return s.stage + "|" + s.provider;
        }
    }

    static final class EventIdOfStep implements DedupeByEventId.EventIdOf<RenderStep> {
        private static final long serialVersionUID = 1L;

        @Override
        public UUID eventId(RenderStep s) {
            return DedupeByEventId.uuid(s.eventId);
        }
    }

    static final class JobOfStep implements KeySelector<RenderStep, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(RenderStep s) {
            return s.jobId;
        }
    }

    static final class DayProvider implements KeySelector<RenderStep, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(RenderStep s) {
            return BudgetGuard.dayOf(s.eventTime) + "|" + s.provider;
        }
    }

    static final class DayOfStep implements KeySelector<RenderStep, String> {
        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(RenderStep s) {
            return BudgetGuard.dayOf(s.eventTime);
        }
    }
}
