package io.flywheel.store;

import io.flywheel.model.Arm;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.mapper.Nested;

/**
 * A content job as the serving tables keep it: its arm (one column per content parameter, named as
 * {@link io.flywheel.model.ParameterTable} names it), its policy, and where it is.
 */
public record ContentJob(
        UUID jobId,
        UUID briefId,
        UUID traceId,
        JobStatus status,
        String statusReason,
        @Nested Arm arm,
        String armKey,
        String title,
        String policyVersion,
        double selectionProbability,
        String experimentId,
        String experimentArm,
        Instant requestedAt,
        Instant updatedAt) {}
