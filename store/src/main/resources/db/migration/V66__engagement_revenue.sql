-- Revenue as an outcome: EngagementObserved v2's estimated_revenue_micro_usd summed by the Flink
-- EngagementKpiJob. Millionths of a US dollar (exact sums, as cost_micro_usd); null when no event
-- of the video or window reported revenue (not reported is not zero). Documented in docs/tables.md.

ALTER TABLE kpi_video_totals ADD COLUMN revenue_micro_usd bigint;
ALTER TABLE kpi_arm_windows ADD COLUMN revenue_micro_usd bigint;
ALTER TABLE kpi_late_events ADD COLUMN revenue_micro_usd bigint;
