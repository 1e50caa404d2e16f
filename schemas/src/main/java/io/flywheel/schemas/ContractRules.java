package io.flywheel.schemas;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every rule of the event contracts that a schema cannot say (ids are UUIDs, times are real, counts
 * are not negative, parameters are in range), each defined once. {@link EventValidator} applies
 * them; {@code ContractRulesDocumentedTest} fails the build unless the {@code doc} of each rule's
 * field in the {@code .avsc} contains the rule's text, so a producer written from the schemas alone
 * knows what is dead-lettered. Rules of one class are applied in the order listed here.
 */
public final class ContractRules {
    static final String UUID_TEXT = "must be a UUID";
    static final String NOT_BLANK = "must not be blank";
    static final String EPOCH_MS = "must be epoch milliseconds > 0";
    static final String NOT_NEGATIVE = "must not be negative or NaN";
    static final String AT_LEAST_0 = "must be >= 0";

    static final int MAX_TITLE_CHARS = 200;
    static final int MIN_FRAME_SIDE = 16;
    static final int MAX_FRAME_SIDE = 4096;
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final Pattern VOICE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9+_.:-]{0,63}");
    private static final Pattern THUMBNAIL_STYLE =
            Pattern.compile("[a-z]{1,16}/[a-z]{1,16}/[a-z]{1,16}");
    private static final Pattern RANGE = Pattern.compile("must be (-?\\d+)-(-?\\d+)");

    /**
     * The content parameters' text formats, by field: a pattern cannot be read from a doc. Their
     * other rules are the ones their docs state ({@link #stated}).
     */
    private static final Map<String, Format> FORMATS =
            Map.of(
                    "niche",
                    new Format(
                            "must be a lower-case slug of 1-64 characters (a-z, 0-9, -; not"
                                    + " starting with -)",
                            SLUG),
                    "voice",
                    new Format(
                            "must be a voice id of 1-64 characters (letters, digits, + - _ . :;"
                                    + " starting with a letter or digit)",
                            VOICE));

    private record Format(String text, Pattern pattern) {}

    private static final List<ContractRule<?, ?>> ALL = new ArrayList<>();

    static {
        // Envelope: every event.
        uuid(Envelope.class, "event_id", "envelope.event_id", Envelope::getEventId);
        add(
                new ContractRule<>(
                        "Envelope",
                        "event_type",
                        SpecificRecord.class,
                        "envelope.event_type",
                        "must be the record name of the event",
                        e -> e,
                        e -> EventType.of(e).recordName().equals(envelopeOf(e).getEventType()),
                        e ->
                                ContractRule.quoted(envelopeOf(e).getEventType())
                                        + " (the record is "
                                        + EventType.of(e).recordName()
                                        + ")"));
        epochMs(Envelope.class, "event_time", "envelope.event_time", Envelope::getEventTime);
        notBlank(Envelope.class, "producer", "envelope.producer", Envelope::getProducer);
        uuid(Envelope.class, "trace_id", "envelope.trace_id", Envelope::getTraceId);

        // ContentRequested and what it carries.
        uuid(ContentRequested.class, "job_id", "job_id", ContentRequested::getJobId);
        rule(
                ContentRequested.class,
                "brief_id",
                "brief_id",
                UUID_TEXT,
                ContentRequested::getBriefId,
                v -> v == null || isUuid(v),
                ContractRule::quoted);
        rule(
                ContentRequested.class,
                "title",
                "title",
                "must be at most " + MAX_TITLE_CHARS + " characters",
                ContentRequested::getTitle,
                v -> v == null || v.codePointCount(0, v.length()) <= MAX_TITLE_CHARS,
                null);
        notBlank(
                ContentRequested.class,
                "policy_version",
                "policy_version",
                ContentRequested::getPolicyVersion);
        rule(
                ContentRequested.class,
                "selection_probability",
                "selection_probability",
                "must be in (0, 1]",
                ContentRequested::getSelectionProbability,
                v -> v > 0 && v <= 1,
                String::valueOf);
        rule(
                ContentRequested.class,
                "thumbnail_style",
                "thumbnail_style",
                "must be three lower-case words joined by /",
                ContentRequested::getThumbnailStyle,
                v -> v == null || THUMBNAIL_STYLE.matcher(v).matches(),
                ContractRule::quoted);
        contentParameters();
        notBlank(RenditionSpec.class, "label", "renditions.label", RenditionSpec::getLabel);
        frameSide("width", "renditions.width", RenditionSpec::getWidth);
        frameSide("height", "renditions.height", RenditionSpec::getHeight);

        // Render stages.
        stage(StageStarted.class, StageStarted::getJobId, StageStarted::getStage);
        notBlank(StageStarted.class, "provider", "provider", StageStarted::getProvider);
        attempt(StageStarted.class, StageStarted::getAttempt);

        stage(StageCompleted.class, StageCompleted::getJobId, StageCompleted::getStage);
        notBlank(StageCompleted.class, "provider", "provider", StageCompleted::getProvider);
        attempt(StageCompleted.class, StageCompleted::getAttempt);
        atLeast0(StageCompleted.class, "latency_ms", StageCompleted::getLatencyMs);
        atLeast0(StageCompleted.class, "cost_micro_usd", StageCompleted::getCostMicroUsd);

        stage(StageFailed.class, StageFailed::getJobId, StageFailed::getStage);
        notBlank(StageFailed.class, "provider", "provider", StageFailed::getProvider);
        attempt(StageFailed.class, StageFailed::getAttempt);
        atLeast0(StageFailed.class, "latency_ms", StageFailed::getLatencyMs);
        atLeast0(StageFailed.class, "cost_micro_usd", StageFailed::getCostMicroUsd);
        notBlank(StageFailed.class, "error_class", "error_class", StageFailed::getErrorClass);

        // VideoRendered and its renditions.
        uuid(VideoRendered.class, "job_id", "job_id", VideoRendered::getJobId);
        uuid(VideoRendered.class, "video_id", "video_id", VideoRendered::getVideoId);
        rule(
                VideoRendered.class,
                "duration_ms",
                "duration_ms",
                "must be > 0",
                VideoRendered::getDurationMs,
                v -> v > 0,
                null);
        rule(
                VideoRendered.class,
                "renditions",
                "renditions",
                "must not be empty",
                VideoRendered::getRenditions,
                v -> v != null && !v.isEmpty(),
                null);
        atLeast0(VideoRendered.class, "total_bytes", VideoRendered::getTotalBytes);
        rule(
                Rendition.class,
                "bytes",
                "rendition.bytes",
                "must be > 0",
                Rendition::getBytes,
                v -> v > 0,
                String::valueOf);
        notBlank(Rendition.class, "uri", "rendition.uri", Rendition::getUri);

        // VideoPublished.
        uuid(VideoPublished.class, "video_id", "video_id", VideoPublished::getVideoId);
        uuid(VideoPublished.class, "job_id", "job_id", VideoPublished::getJobId);
        notBlank(
                VideoPublished.class,
                "platform_video_id",
                "platform_video_id",
                VideoPublished::getPlatformVideoId);
        epochMs(
                VideoPublished.class,
                "published_at",
                "published_at",
                VideoPublished::getPublishedAt);

        // EngagementObserved.
        uuid(EngagementObserved.class, "video_id", "video_id", EngagementObserved::getVideoId);
        notBlank(
                EngagementObserved.class,
                "platform_video_id",
                "platform_video_id",
                EngagementObserved::getPlatformVideoId);
        epochMs(
                EngagementObserved.class,
                "period_start",
                "period_start",
                EngagementObserved::getPeriodStart);
        rule(
                EngagementObserved.class,
                "period_end",
                "period_end",
                "must not precede period_start",
                e -> e,
                e -> e.getPeriodEnd() >= e.getPeriodStart(),
                null);
        metric("views", EngagementObserved::getViews);
        metric("engagedViews", EngagementObserved::getEngagedViews);
        metric("estimatedMinutesWatched", EngagementObserved::getEstimatedMinutesWatched);
        metric("averageViewDuration", EngagementObserved::getAverageViewDuration);
        metric("averageViewPercentage", EngagementObserved::getAverageViewPercentage);
        metric("likes", EngagementObserved::getLikes);
        metric("comments", EngagementObserved::getComments);
        metric("shares", EngagementObserved::getShares);
        metric("subscribersGained", EngagementObserved::getSubscribersGained);
        metric("subscribersLost", EngagementObserved::getSubscribersLost);
        metric("impressions", EngagementObserved::getImpressions);
        metric("reach", EngagementObserved::getReach);
        metric("saved", EngagementObserved::getSaved);
        metric("estimated_revenue_micro_usd", EngagementObserved::getEstimatedRevenueMicroUsd);

        // Control events.
        notBlank(
                BudgetBreached.class,
                "budget_period",
                "budget_period",
                BudgetBreached::getBudgetPeriod);
        atLeast0(BudgetBreached.class, "budget_micro_usd", BudgetBreached::getBudgetMicroUsd);
        rule(
                BudgetBreached.class,
                "spent_micro_usd",
                "spent_micro_usd",
                "must be at least the budget it breached",
                e -> e,
                e -> e.getSpentMicroUsd() >= e.getBudgetMicroUsd(),
                null);
        notBlank(ModelPromoted.class, "model_name", "model_name", ModelPromoted::getModelName);
        notBlank(
                ModelPromoted.class,
                "model_version",
                "model_version",
                ModelPromoted::getModelVersion);
        notBlank(
                ModelPromoted.class, "artifact_uri", "artifact_uri", ModelPromoted::getArtifactUri);
        atLeast0(
                ModelPromoted.class,
                "training_table_version",
                ModelPromoted::getTrainingTableVersion);
        notBlank(
                RecommendationsPublished.class,
                "policy_version",
                "policy_version",
                RecommendationsPublished::getPolicyVersion);
        atLeast0(
                RecommendationsPublished.class,
                "recommendation_count",
                RecommendationsPublished::getRecommendationCount);

        notBlank(TrendDetected.class, "platform", "platform", TrendDetected::getPlatform);
        notBlank(TrendDetected.class, "dimension", "dimension", TrendDetected::getDimension);
        notBlank(TrendDetected.class, "value", "value", TrendDetected::getValue);
        epochMs(TrendDetected.class, "window_start", "window_start", TrendDetected::getWindowStart);
        rule(
                TrendDetected.class,
                "window_end",
                "window_end",
                "must be after window_start",
                e -> e,
                e -> e.getWindowEnd() > e.getWindowStart(),
                null);
        atLeast0(TrendDetected.class, "engaged_views", TrendDetected::getEngagedViews);

        // DeadLetter.
        notBlank(DeadLetter.class, "reason", "reason", DeadLetter::getReason);
        notBlank(DeadLetter.class, "source_topic", "source_topic", DeadLetter::getSourceTopic);
    }

    private static final Map<Class<?>, List<ContractRule<?, ?>>> BY_CLASS = byClass();

    /**
     * The rule a field's doc states after {@code Rule: } (its last sentence), or null if none: e.g.
     * {@code must be 0-23}.
     */
    public static String stated(Schema.Field f) {
        String doc = f.doc();
        int at = doc == null ? -1 : doc.indexOf("Rule: ");
        if (at < 0) {
            return null;
        }
        String text = doc.substring(at + "Rule: ".length()).strip();
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** The bounds of a whole number whose doc states {@code Rule: must be MIN-MAX.}, or null. */
    public static int[] range(Schema.Field f) {
        String text = stated(f);
        Matcher m = text == null ? null : RANGE.matcher(text);
        if (m == null || !m.matches() || f.schema().getType() != Schema.Type.INT) {
            return null;
        }
        return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))};
    }

    /**
     * One rule per content parameter that has one, in the schema's order, so a new parameter needs
     * no edit here: an enum whose doc says {@code Rule: must not be UNKNOWN.} (its default), a
     * whole number whose doc says {@code Rule: must be MIN-MAX.}, a text field of {@link #FORMATS}.
     * A stated rule of another kind fails here, when the class loads.
     */
    private static void contentParameters() {
        Schema record = ContentParameters.getClassSchema();
        for (Schema.Field f : record.getFields()) {
            String text = stated(f);
            int[] range = range(f);
            Format format = FORMATS.get(f.name());
            Function<ContentParameters, Object> value = p -> p.get(f.pos());
            Predicate<Object> holds;
            Function<Object, String> shown = String::valueOf;
            if (text == null) {
                continue;
            } else if (format != null && format.text().equals(text)) {
                holds = v -> v != null && format.pattern().matcher(v.toString()).matches();
                shown = ContractRule::quoted;
            } else if (range != null) {
                holds = v -> v instanceof Integer i && i >= range[0] && i <= range[1];
            } else if (f.schema().getType() == Schema.Type.ENUM
                    && text.equals("must not be " + f.schema().getEnumDefault())) {
                String unknown = f.schema().getEnumDefault();
                holds = v -> v == null || !v.toString().equals(unknown);
                shown = null;
            } else {
                throw new IllegalStateException(
                        record.getName()
                                + "."
                                + f.name()
                                + " states a rule of no known kind: "
                                + text);
            }
            rule(
                    ContentParameters.class,
                    f.name(),
                    "parameters." + f.name(),
                    text,
                    value,
                    holds,
                    shown);
        }
    }

    private ContractRules() {}

    /** Every rule, in the order they are applied. */
    public static List<ContractRule<?, ?>> all() {
        return Collections.unmodifiableList(ALL);
    }

    /** The rules checked on instances of exactly {@code type}, in order; empty if none. */
    static List<ContractRule<?, ?>> of(Class<?> type) {
        return BY_CLASS.getOrDefault(type, List.of());
    }

    private static Map<Class<?>, List<ContractRule<?, ?>>> byClass() {
        Map<Class<?>, List<ContractRule<?, ?>>> m = new LinkedHashMap<>();
        for (ContractRule<?, ?> r : ALL) {
            m.computeIfAbsent(r.appliesTo(), k -> new ArrayList<>()).add(r);
        }
        m.replaceAll((k, v) -> List.copyOf(v));
        return Map.copyOf(m);
    }

    private static <R, V> void rule(
            Class<R> type,
            String field,
            String subject,
            String text,
            Function<R, V> value,
            Predicate<V> holds,
            Function<V, String> shown) {
        add(
                new ContractRule<>(
                        type.getSimpleName(), field, type, subject, text, value, holds, shown));
    }

    private static void add(ContractRule<?, ?> r) {
        ALL.add(r);
    }

    private static <R> void uuid(
            Class<R> type, String field, String subject, Function<R, String> value) {
        rule(type, field, subject, UUID_TEXT, value, ContractRules::isUuid, ContractRule::quoted);
    }

    private static <R> void notBlank(
            Class<R> type, String field, String subject, Function<R, String> value) {
        rule(type, field, subject, NOT_BLANK, value, v -> v != null && !v.isBlank(), null);
    }

    private static <R> void epochMs(
            Class<R> type, String field, String subject, Function<R, Long> value) {
        rule(type, field, subject, EPOCH_MS, value, v -> v > 0, null);
    }

    private static <R> void atLeast0(Class<R> type, String field, Function<R, Number> value) {
        rule(type, field, field, AT_LEAST_0, value, v -> v.longValue() >= 0, null);
    }

    private static void metric(String field, Function<EngagementObserved, Number> value) {
        // Null is "not reported", not a violation.
        rule(
                EngagementObserved.class,
                field,
                field,
                NOT_NEGATIVE,
                value,
                v -> v == null || v.doubleValue() >= 0,
                String::valueOf);
    }

    private static void frameSide(
            String field, String subject, Function<RenditionSpec, Integer> value) {
        rule(
                RenditionSpec.class,
                field,
                subject,
                "must be even and in " + MIN_FRAME_SIDE + "-" + MAX_FRAME_SIDE,
                value,
                n -> n >= MIN_FRAME_SIDE && n <= MAX_FRAME_SIDE && n % 2 == 0,
                String::valueOf);
    }

    private static <R> void stage(
            Class<R> type, Function<R, String> jobId, Function<R, Stage> stage) {
        uuid(type, "job_id", "job_id", jobId);
        // An UNKNOWN stage is a stage added after this reader was built: still worth counting.
        rule(type, "stage", "stage", "must be set", stage, v -> v != null, null);
    }

    private static <R> void attempt(Class<R> type, Function<R, Integer> value) {
        rule(type, "attempt", "attempt", "must be >= 1", value, v -> v >= 1, String::valueOf);
    }

    private static Envelope envelopeOf(SpecificRecord e) {
        return (Envelope) e.get(e.getSchema().getField("envelope").pos());
    }

    static boolean isUuid(String s) {
        if (s == null || s.length() != 36) {
            return false;
        }
        try {
            UUID.fromString(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
