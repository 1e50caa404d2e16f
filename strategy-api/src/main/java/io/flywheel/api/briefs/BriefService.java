package io.flywheel.api.briefs;

import io.flywheel.api.http.ApiProblem;
import io.flywheel.api.http.ArmFields;
import io.flywheel.api.http.Problem.FieldError;
import io.flywheel.api.scoring.Pick;
import io.flywheel.api.scoring.ThompsonPolicy;
import io.flywheel.api.thumbnails.LeadStyle;
import io.flywheel.api.thumbnails.LeadStyles;
import io.flywheel.model.ChannelLocales;
import io.flywheel.model.ParameterTable;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.DecodeResult;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventCodec;
import io.flywheel.schemas.RenditionSpec;
import io.flywheel.store.Brief;
import io.flywheel.store.BriefStore;
import io.flywheel.store.ContentJobStore;
import io.flywheel.store.JobStatus;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a brief into content jobs: the policy picks the arms; the brief, its jobs and their {@code
 * ContentRequested} events are stored in one transaction (after the key's {@link RenderQuota});
 * then the events are committed to the broker in one Kafka transaction before the answer.
 *
 * <p>With an {@code Idempotency-Key}, a retry answers what the first request answered and creates
 * nothing new; if the broker was away, the first request answers 503 and leaves the stored events
 * pending, and a retry with the same key sends them (each job's event exactly once). Without a key,
 * a brief whose events could not be sent has its jobs marked failed, so nothing waits for a render
 * that was never asked for.
 */
public final class BriefService {
    public static final int MAX_VIDEOS = 100;
    static final int MAX_RENDITIONS = 4;
    // H.264 encoders need even sides; 4K on the long side is the largest any platform takes.
    static final int MIN_SIDE = 144;
    static final int MAX_SIDE = 3840;
    private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9x_-]{0,31}");
    private static final Logger LOG = LoggerFactory.getLogger(BriefService.class);
    private static final String PRODUCER = Envelopes.producerName("strategy-api");
    private static final EventCodec CODEC = EventCodec.standard();

    private final ThompsonPolicy policy;
    private final Jdbi jdbi;
    private final ContentJobStore jobs;
    private final BriefEvents events;
    private final RenderQuota quota;
    private final IdempotencyKeys idempotency;
    private final ChannelLocales locales;
    private final LeadStyles leadStyles;
    private final SecureRandom seeds = new SecureRandom();

    /**
     * @param locales the locales each channel may make videos in ({@code render.locales}): a brief
     *     without a locale gets its channel's default for an arm in a locale the channel does not
     *     use
     */
    public BriefService(
            ThompsonPolicy policy,
            Jdbi jdbi,
            ContentJobStore jobs,
            BriefEvents events,
            RenderQuota quota,
            ChannelLocales locales,
            LeadStyles leadStyles) {
        this.locales = locales;
        this.leadStyles = leadStyles;
        this.policy = policy;
        this.jdbi = jdbi;
        this.jobs = jobs;
        this.events = events;
        this.quota = quota;
        this.idempotency = new IdempotencyKeys(jdbi);
    }

    /** What was created: the brief, its jobs and how each arm was chosen. */
    /**
     * @param thumbnailStyle the platform's lead thumbnail style its jobs name, or null
     */
    public record Created(
            Brief brief,
            String policyVersion,
            long seed,
            LeadStyle thumbnailStyle,
            List<CreatedJob> jobs) {}

    public record CreatedJob(UUID jobId, Pick pick) {}

    /**
     * The answer to send: status, JSON body, the brief it is about, and whether it repeats the
     * answer of an earlier request with the same idempotency key.
     */
    public record Answer(int status, String body, UUID briefId, boolean replayed) {}

    /**
     * Creates the brief (or, with an idempotency key, replays or completes the one created before).
     *
     * @param render the 201 body of a created brief (stored with an idempotency key, for replays)
     * @param key the request's idempotency key, or null
     */
    public Answer submit(
            BriefRequest r,
            String requestedBy,
            IdempotencyKeys.Key key,
            Function<Created, String> render) {
        List<RenditionSpec> renditions = validate(r);
        if (key == null) {
            Created c = prepare(r, requestedBy, renditions);
            String body = render.apply(c);
            store(c, renditions, requestedBy, null, body);
            try {
                sendPending(c.brief().briefId());
            } catch (BriefEvents.NotSent e) {
                failJobs(c.brief().briefId(), e);
            }
            return new Answer(201, body, c.brief().briefId(), false);
        }
        IdempotencyKeys.Claim claim = idempotency.claim(key);
        if (claim instanceof IdempotencyKeys.Mismatch) {
            throw new ApiProblem(
                    422,
                    "idempotency-key-reused",
                    "Idempotency-Key reused",
                    "this Idempotency-Key was used with another request body; use a new key for a"
                            + " new brief",
                    null,
                    Map.of());
        }
        if (claim instanceof IdempotencyKeys.InProgress) {
            throw new ApiProblem(
                    409,
                    "idempotency-key-in-progress",
                    "Request in progress",
                    "another request with this Idempotency-Key is being processed; retry shortly",
                    null,
                    Map.of("Retry-After", "1"));
        }
        if (claim instanceof IdempotencyKeys.Replay p) {
            return new Answer(p.status(), p.body(), p.briefId(), true);
        }
        UUID briefId;
        String body;
        if (claim instanceof IdempotencyKeys.Resume resume) {
            briefId = resume.briefId();
            body = resume.body();
            LOG.info("brief {}: completing it for a retry with its Idempotency-Key", briefId);
        } else {
            try {
                Created c = prepare(r, requestedBy, renditions);
                body = render.apply(c);
                store(c, renditions, requestedBy, key, body);
                briefId = c.brief().briefId();
            } catch (RuntimeException e) {
                releaseQuietly(key);
                throw e;
            }
        }
        try {
            sendPending(briefId);
        } catch (BriefEvents.NotSent e) {
            releaseQuietly(key);
            LOG.warn(
                    "brief {}: {}; a retry with the same Idempotency-Key sends them",
                    briefId,
                    e.getMessage());
            throw new ApiProblem(
                    503,
                    "broker-unavailable",
                    "Event broker unavailable",
                    e.getMessage()
                            + "; brief "
                            + briefId
                            + " and its jobs are stored: retry with the same Idempotency-Key"
                            + " to complete it (each job is requested exactly once)",
                    null,
                    Map.of("Retry-After", "5"));
        } catch (RuntimeException e) {
            releaseQuietly(key);
            throw e;
        }
        idempotency.complete(key);
        return new Answer(201, body, briefId, false);
    }

    private void releaseQuietly(IdempotencyKeys.Key key) {
        try {
            idempotency.release(key);
        } catch (RuntimeException e) {
            // The lease runs out by itself; a retry then takes the key over.
            LOG.warn("could not release an Idempotency-Key: {}", e.toString());
        }
    }

    /** Checks the request; 400 with every invalid field. */
    private static List<RenditionSpec> validate(BriefRequest r) {
        List<FieldError> errors = new ArrayList<>();
        if (r.platform() == null || ArmFields.platformError(r.platform()) != null) {
            errors.add(
                    new FieldError(
                            "/platform",
                            r.platform() == null
                                    ? "is required"
                                    : ArmFields.platformError(r.platform())));
        }
        String nicheError = ArmFields.nicheError(r.niche());
        if (nicheError != null) {
            errors.add(new FieldError("/niche", nicheError));
        }
        if (r.count() == null || r.count() < 1 || r.count() > MAX_VIDEOS) {
            errors.add(new FieldError("/count", "must be an integer from 1 to " + MAX_VIDEOS));
        }
        if (r.explorationShare() != null
                && !(r.explorationShare() >= 0 && r.explorationShare() <= 1)) {
            errors.add(new FieldError("/exploration_share", "must be between 0 and 1"));
        }
        List<RenditionSpec> renditions = renditions(r.renditions(), errors);
        if (r.locale() != null && !ChannelLocales.supported().contains(r.locale())) {
            errors.add(
                    new FieldError(
                            "/locale",
                            "must be a supported locale, one of " + ChannelLocales.supported()));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return renditions;
    }

    /** The policy's picks as a brief and its jobs, in memory. */
    private Created prepare(BriefRequest r, String requestedBy, List<RenditionSpec> renditions) {
        double share =
                r.explorationShare() == null ? policy.explorationShare() : r.explorationShare();
        long seed = r.seed() != null ? r.seed() : seeds.nextLong();
        ThompsonPolicy.Result result =
                policy.recommend(r.platform(), r.niche(), r.count(), share, seed);
        Instant now = Instant.now();
        Brief brief =
                new Brief(
                        UUID.randomUUID(),
                        r.platform(),
                        r.niche(),
                        r.count(),
                        share,
                        requestedBy,
                        now);
        List<CreatedJob> created = new ArrayList<>();
        for (Pick p : result.picks()) {
            created.add(new CreatedJob(UUID.randomUUID(), inLocale(p, r)));
        }
        return new Created(
                brief, result.policyVersion(), seed, leadStyles.of(r.platform()), created);
    }

    /**
     * The pick in the brief's locale when it names one; otherwise in its channel's default locale
     * if the channel does not use the pick's (the policy's choice of everything else stands).
     */
    private Pick inLocale(Pick p, BriefRequest r) {
        String value;
        if (r.locale() != null) {
            value = ChannelLocales.value(r.locale());
        } else if (!locales.allows(r.platform(), ParameterTable.language().text(p.arm()))) {
            value = locales.values(r.platform()).get(0);
        } else {
            return p;
        }
        return new Pick(
                ChannelLocales.in(p.arm(), value),
                p.predictedObjective(),
                p.spread(),
                p.modelVersion(),
                p.exploration(),
                p.selectionProbability());
    }

    /** Stores the brief, its jobs and their pending events (and ties the key), or nothing. */
    private void store(
            Created c,
            List<RenditionSpec> renditions,
            String requestedBy,
            IdempotencyKeys.Key key,
            String body) {
        Instant now = c.brief().createdAt();
        jdbi.useTransaction(
                h -> {
                    if (requestedBy != null) {
                        quota.reserve(h, requestedBy, c.jobs().size());
                    }
                    BriefStore.insert(h, c.brief());
                    for (CreatedJob j : c.jobs()) {
                        ContentRequested e =
                                ContentRequested.newBuilder()
                                        .setEnvelope(
                                                Envelopes.create(
                                                        ContentRequested.class,
                                                        PRODUCER,
                                                        UUID.randomUUID().toString(),
                                                        now.toEpochMilli()))
                                        .setJobId(j.jobId().toString())
                                        .setBriefId(c.brief().briefId().toString())
                                        .setParameters(j.pick().arm().toAvro())
                                        .setRenditions(renditions)
                                        .setPolicyVersion(c.policyVersion())
                                        .setSelectionProbability(j.pick().selectionProbability())
                                        .setThumbnailStyle(
                                                c.thumbnailStyle() == null
                                                        ? null
                                                        : c.thumbnailStyle().style())
                                        .build();
                        ContentJobStore.recordRequested(h, e);
                        h.createUpdate(
                                        "INSERT INTO brief_pending_events (job_id, brief_id,"
                                                + " payload) VALUES (:j, :b, :p)")
                                .bind("j", j.jobId())
                                .bind("b", c.brief().briefId())
                                .bind("p", CODEC.encode(e))
                                .execute();
                    }
                    if (key != null) {
                        idempotency.attach(h, key, c.brief().briefId(), body);
                    }
                });
    }

    /** Commits the brief's pending events to the broker, then forgets them. */
    private void sendPending(UUID briefId) throws BriefEvents.NotSent {
        List<ContentRequested> pending =
                jdbi
                        .withHandle(
                                h ->
                                        h.createQuery(
                                                        "SELECT payload FROM brief_pending_events WHERE"
                                                                + " brief_id = :b ORDER BY created_at,"
                                                                + " job_id")
                                                .bind("b", briefId)
                                                .mapTo(byte[].class)
                                                .list())
                        .stream()
                        .map(BriefService::decode)
                        .toList();
        if (pending.isEmpty()) {
            return;
        }
        events.send(pending);
        jdbi.useHandle(
                h ->
                        h.createUpdate("DELETE FROM brief_pending_events WHERE brief_id = :b")
                                .bind("b", briefId)
                                .execute());
    }

    private static ContentRequested decode(byte[] payload) {
        if (CODEC.decode(payload) instanceof DecodeResult.Decoded d
                && d.event() instanceof ContentRequested e) {
            return e;
        }
        throw new IllegalStateException("a pending brief event does not decode");
    }

    /** Without an idempotency key nobody completes the brief later: its jobs are failed. */
    private void failJobs(UUID briefId, BriefEvents.NotSent e) {
        List<UUID> ids =
                jdbi.withHandle(
                        h ->
                                h.createQuery(
                                                "SELECT job_id FROM brief_pending_events WHERE"
                                                        + " brief_id = :b")
                                        .bind("b", briefId)
                                        .mapTo(UUID.class)
                                        .list());
        for (UUID id : ids) {
            jobs.updateStatus(
                    id,
                    JobStatus.FAILED,
                    "ContentRequested could not be sent: "
                            + e.getCause().getClass().getSimpleName());
        }
        jdbi.useHandle(
                h ->
                        h.createUpdate("DELETE FROM brief_pending_events WHERE brief_id = :b")
                                .bind("b", briefId)
                                .execute());
        LOG.error("brief {}: {}", briefId, e.getMessage());
        throw ApiProblem.unavailable(
                e.getMessage()
                        + "; the "
                        + ids.size()
                        + " jobs of brief "
                        + briefId
                        + " are marked failed (send an Idempotency-Key to make a brief"
                        + " retryable)");
    }

    /** Renditions asked for, checked; labels name files, so they are kept to a safe alphabet. */
    private static List<RenditionSpec> renditions(
            List<BriefRequest.RenditionRequest> asked, List<FieldError> errors) {
        if (asked == null) {
            return List.of();
        }
        if (asked.isEmpty() || asked.size() > MAX_RENDITIONS) {
            errors.add(
                    new FieldError(
                            "/renditions", "must list 1 to " + MAX_RENDITIONS + " renditions"));
            return List.of();
        }
        List<RenditionSpec> out = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < asked.size(); i++) {
            BriefRequest.RenditionRequest q = asked.get(i);
            String at = "/renditions/" + i;
            if (q == null) {
                errors.add(new FieldError(at, "must be an object"));
                continue;
            }
            if (q.label() == null || !LABEL.matcher(q.label()).matches()) {
                errors.add(new FieldError(at + "/label", "must match " + LABEL.pattern()));
            } else if (!labels.add(q.label())) {
                errors.add(new FieldError(at + "/label", "is listed twice"));
            }
            String w = sizeError(q.width());
            if (w != null) {
                errors.add(new FieldError(at + "/width", w));
            }
            String h = sizeError(q.height());
            if (h != null) {
                errors.add(new FieldError(at + "/height", h));
            }
            if (w == null && h == null && q.label() != null) {
                out.add(new RenditionSpec(q.label(), q.width(), q.height()));
            }
        }
        return out;
    }

    private static String sizeError(Integer px) {
        if (px == null) {
            return "is required";
        }
        if (px < MIN_SIDE || px > MAX_SIDE || px % 2 != 0) {
            return "must be an even number of pixels from " + MIN_SIDE + " to " + MAX_SIDE;
        }
        return null;
    }
}
