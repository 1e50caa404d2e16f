package io.flywheel.schemas;

/** Why bytes did not become an event. Stable names: dashboards and the DLQ group by them. */
public enum FailureKind {
    /** No bytes at all (a null or empty record value). */
    EMPTY,
    /** Not Avro single-object encoding: too short or the marker is not {@code C3 01}. */
    BAD_HEADER,
    /** The fingerprint names no schema this codec knows (not released, or not ours). */
    UNKNOWN_SCHEMA,
    /** The header is fine but the body does not decode with the writer schema it names. */
    CORRUPT_BODY,
    /** It decoded, but breaks a rule of the contract (e.g. an event_id that is not a UUID). */
    INVALID
}
