package io.flywheel.store;

import java.time.Instant;
import java.util.UUID;

/** A content job as the serving tables keep it: its arm, its policy, and where it is. */
public record ContentJob(
        UUID jobId,
        UUID briefId,
        UUID traceId,
        JobStatus status,
        String statusReason,
        String platform,
        String niche,
        String hookStyle,
        String pacing,
        int targetDurationS,
        String voice,
        String musicMood,
        String captionStyle,
        String visualStyle,
        int postingHour,
        String armKey,
        String title,
        String policyVersion,
        double selectionProbability,
        String experimentId,
        String experimentArm,
        Instant requestedAt,
        Instant updatedAt) {}
