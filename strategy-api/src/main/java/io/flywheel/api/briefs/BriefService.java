package io.flywheel.api.briefs;

import io.flywheel.api.http.ApiProblem;
import io.flywheel.api.http.Problem.FieldError;
import io.flywheel.api.scoring.ArmSpace;
import io.flywheel.api.scoring.Pick;
import io.flywheel.api.scoring.ThompsonPolicy;
import io.flywheel.schemas.ContentRequested;
import io.flywheel.schemas.Envelopes;
import io.flywheel.schemas.EventProducer;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a brief into content jobs: the policy picks the arms, the brief and its jobs are recorded,
 * and one {@code ContentRequested} per job goes to the broker (acknowledged before the answer). A
 * job whose event could not be sent is marked failed, so nothing waits for a render that was never
 * asked for.
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

    private final ThompsonPolicy policy;
    private final BriefStore briefs;
    private final ContentJobStore jobs;
    private final EventProducer events;
    private final SecureRandom seeds = new SecureRandom();

    public BriefService(
            ThompsonPolicy policy, BriefStore briefs, ContentJobStore jobs, EventProducer events) {
        this.policy = policy;
        this.briefs = briefs;
        this.jobs = jobs;
        this.events = events;
    }

    /** What was created: the brief, its jobs and how each arm was chosen. */
    public record Created(Brief brief, String policyVersion, long seed, List<CreatedJob> jobs) {}

    public record CreatedJob(UUID jobId, Pick pick) {}

    public Created create(BriefRequest r, String requestedBy) {
        List<FieldError> errors = new ArrayList<>();
        if (r.platform() == null || ArmSpace.platformError(r.platform()) != null) {
            errors.add(
                    new FieldError(
                            "/platform",
                            r.platform() == null
                                    ? "is required"
                                    : ArmSpace.platformError(r.platform())));
        }
        String nicheError = ArmSpace.nicheError(r.niche());
        if (nicheError != null) {
            errors.add(new FieldError("/niche", nicheError));
        }
        if (r.count() == null || r.count() < 1 || r.count() > MAX_VIDEOS) {
            errors.add(new FieldError("/count", "must be an integer from 1 to " + MAX_VIDEOS));
        }
        double share = r.explorationShare() == null ? 0.5 : r.explorationShare();
        if (!(share >= 0 && share <= 1)) {
            errors.add(new FieldError("/exploration_share", "must be between 0 and 1"));
        }
        List<RenditionSpec> renditions = renditions(r.renditions(), errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
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
        briefs.insert(brief);
        List<CreatedJob> created = new ArrayList<>();
        List<ContentRequested> toSend = new ArrayList<>();
        for (Pick p : result.picks()) {
            UUID jobId = UUID.randomUUID();
            ContentRequested e =
                    ContentRequested.newBuilder()
                            .setEnvelope(
                                    Envelopes.create(
                                            ContentRequested.class,
                                            PRODUCER,
                                            UUID.randomUUID().toString(),
                                            now.toEpochMilli()))
                            .setJobId(jobId.toString())
                            .setBriefId(brief.briefId().toString())
                            .setParameters(p.arm().toAvro())
                            .setRenditions(renditions)
                            .setPolicyVersion(result.policyVersion())
                            .setSelectionProbability(p.selectionProbability())
                            .build();
            jobs.recordRequested(e);
            toSend.add(e);
            created.add(new CreatedJob(jobId, p));
        }
        List<CompletableFuture<?>> acks = new ArrayList<>();
        for (ContentRequested e : toSend) {
            acks.add(events.send(e));
        }
        int failed = 0;
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(30, TimeUnit.SECONDS);
            } catch (Exception ex) {
                failed++;
                jobs.updateStatus(
                        UUID.fromString(toSend.get(i).getJobId()),
                        JobStatus.FAILED,
                        "ContentRequested could not be sent: " + ex.getClass().getSimpleName());
            }
        }
        if (failed > 0) {
            LOG.error("brief {}: {} of {} events not sent", brief.briefId(), failed, acks.size());
            throw ApiProblem.unavailable(
                    "the event broker did not accept "
                            + failed
                            + " of "
                            + acks.size()
                            + " jobs of brief "
                            + brief.briefId()
                            + "; those jobs are marked failed");
        }
        return new Created(brief, result.policyVersion(), seed, created);
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
