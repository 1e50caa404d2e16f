"""Flywheel's batch jobs as Airflow DAGs: the production equivalent of the local scheduler.

Three DAGs, one per local schedule (infra/README.md maps every setting):

* ``flywheel_cycle`` every 15 minutes: ingest >> curate >> train >> recommend
* ``flywheel_experiments`` hourly: experiments
* ``flywheel_maintenance`` daily: maintenance

Each task submits ``io.flywheel.batch.BatchJobMain <job>`` from the shaded batch-jobs jar
(``mvn -pl batch-jobs -am package -DskipTests``) with ``spark-submit`` through the
``apache-airflow-providers-apache-spark`` provider. As locally, a failed task is retried with
exponential backoff and the later tasks of its DAG run do not run (their upstream failed); every
task has a timeout; the ``flywheel_batch`` pool with one slot lets only one batch job run at a
time, as the local run lock does. The job records itself in PostgreSQL (``batch_job_runs``) here
too; Airflow's own task history takes the place of ``scheduler_runs``.

Settings come from Airflow Variables (``flywheel_batch_jar``, ``flywheel_spark_conn``) and the
``FLYWHEEL_*`` environment of the Spark driver (database password from a secret, never here).
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

MAIN_CLASS = "io.flywheel.batch.BatchJobMain"
JAR = Variable.get(
    "flywheel_batch_jar", default_var="/opt/flywheel/flywheel-batch-jobs-spark.jar"
)
SPARK_CONN = Variable.get("flywheel_spark_conn", default_var="spark_default")
POOL = "flywheel_batch"  # create it with one slot: one batch job at a time, like the run lock

# batch-jobs/target/spark-jvm-flags.txt: what Spark needs on Java 17.
JAVA_17_FLAGS = " ".join(
    ["--add-opens=java.base/%s=ALL-UNNAMED" % p for p in (
        "java.lang", "java.lang.invoke", "java.lang.reflect", "java.io", "java.net",
        "java.nio", "java.util", "java.util.concurrent", "java.util.concurrent.atomic",
        "jdk.internal.ref", "sun.nio.ch", "sun.nio.cs", "sun.security.action",
        "sun.util.calendar")]
    + ["-Djdk.reflect.useDirectMethodHandle=false"]
)

# scheduler.retries=2, scheduler.retry.backoff=30s (doubling), scheduler.job.timeout=30m
DEFAULT_ARGS = {
    "owner": "flywheel",
    "retries": 2,
    "retry_delay": timedelta(seconds=30),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=10),
    "execution_timeout": timedelta(minutes=30),
    "depends_on_past": False,
}


def batch_job(job):
    """One BatchJobMain job as a spark-submit task; the job name is a constant, never input."""
    return SparkSubmitOperator(
        task_id=job,
        conn_id=SPARK_CONN,
        application=JAR,
        java_class=MAIN_CLASS,
        application_args=[job],
        name="flywheel-" + job,
        driver_memory="2g",
        executor_memory="2g",
        pool=POOL,
        conf={
            "spark.driver.extraJavaOptions": JAVA_17_FLAGS,
            "spark.executor.extraJavaOptions": JAVA_17_FLAGS,
        },
    )


with DAG(
    dag_id="flywheel_cycle",
    description="Flywheel learning cycle: ingest → curate → train → recommend",
    schedule=timedelta(minutes=15),  # scheduler.cycle.interval
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["flywheel"],
) as cycle:
    ingest = batch_job("ingest")
    curate = batch_job("curate")
    train = batch_job("train")
    recommend = batch_job("recommend")
    ingest >> curate >> train >> recommend

with DAG(
    dag_id="flywheel_experiments",
    description="Flywheel experiment report",
    schedule=timedelta(hours=1),  # scheduler.experiments.interval
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["flywheel"],
) as experiments_dag:
    experiments = batch_job("experiments")

with DAG(
    dag_id="flywheel_maintenance",
    description="Flywheel Delta table maintenance (OPTIMIZE, VACUUM)",
    schedule=timedelta(days=1),  # scheduler.maintenance.interval
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=["flywheel"],
) as maintenance_dag:
    maintenance = batch_job("maintenance")
